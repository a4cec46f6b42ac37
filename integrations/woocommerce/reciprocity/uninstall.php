<?php
/**
 * Removes what the plugin stored: its settings and the cached first-order dates.
 *
 * @package Reciprocity
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'reciprocity_settings' );
delete_metadata( 'user', 0, '_reciprocity_first_order_at', '', true );
