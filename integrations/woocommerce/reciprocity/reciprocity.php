<?php
/**
 * Plugin Name:          Reciprocity
 * Description:          Loads the reciprocity widget on the storefront, tells it what WooCommerce knows about a signed-in customer, and hands each order over on the order-received page.
 * Version:              0.1.0
 * Requires at least:    5.8
 * Requires PHP:         7.4
 * WC requires at least: 6.0
 * License:              MIT
 * License URI:          https://opensource.org/licenses/MIT
 * Text Domain:          reciprocity
 *
 * @package Reciprocity
 */

defined( 'ABSPATH' ) || exit;

define( 'RECIPROCITY_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-reciprocity-settings.php';
require_once __DIR__ . '/includes/class-reciprocity-order.php';
require_once __DIR__ . '/includes/class-reciprocity-plugin.php';

// The order pages are read through WooCommerce's order objects only, so the plugin works with
// High-Performance Order Storage (custom order tables) as well as with posts.
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', RECIPROCITY_PLUGIN_FILE, true );
		}
	}
);

( new Reciprocity_Plugin( new Reciprocity_Settings() ) )->register();
