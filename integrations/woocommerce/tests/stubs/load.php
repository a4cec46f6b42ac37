<?php
/**
 * The WordPress and WooCommerce stand-ins, then the plugin's classes (without the main file,
 * which registers its hooks when loaded).
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

require_once __DIR__ . '/wordpress.php';
require_once __DIR__ . '/woocommerce.php';

define( 'RECIPROCITY_PLUGIN_DIR', dirname( __DIR__, 2 ) . '/reciprocity' );
define( 'RECIPROCITY_SNIPPET', dirname( __DIR__, 2 ) . '/snippet/functions.php' );
define( 'RECIPROCITY_REPO', dirname( __DIR__, 4 ) );

require_once RECIPROCITY_PLUGIN_DIR . '/includes/class-reciprocity-settings.php';
require_once RECIPROCITY_PLUGIN_DIR . '/includes/class-reciprocity-order.php';
require_once RECIPROCITY_PLUGIN_DIR . '/includes/class-reciprocity-plugin.php';

WP_Stub::reset();
WC_Stub::reset();
