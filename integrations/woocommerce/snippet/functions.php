<?php
// reciprocity for WooCommerce, as a snippet for the theme's functions.php (WordPress 6.3+).
// The plugin in integrations/woocommerce/reciprocity does the same with a settings page.

// Where you host the widget's files (the contents of dist/) and your config.
define( 'RECIPROCITY_SRC', 'https://cdn.example.com/reciprocity/reciprocity.js' );
define( 'RECIPROCITY_CONFIG', 'https://cdn.example.com/reciprocity/config.json' );

// The widget's script, async in the head, after the stub that queues calls made before it loads.
add_action(
	'wp_enqueue_scripts',
	function () {
		wp_enqueue_script( 'reciprocity', RECIPROCITY_SRC, array(), null, array( 'strategy' => 'async' ) );
		wp_add_inline_script( 'reciprocity', reciprocity_stub(), 'before' );
	}
);
add_filter(
	'script_loader_tag',
	function ( $tag, $handle ) {
		if ( 'reciprocity' !== $handle ) {
			return $tag;
		}
		return preg_replace( '#<script\b(?=[^>]*\ssrc=)#i', '<script data-config="' . esc_url( RECIPROCITY_CONFIG ) . '"', $tag, 1 );
	},
	10,
	2
);

function reciprocity_stub() {
	return 'window.reciprocity=window.reciprocity||function(){(window.reciprocity.q=window.reciprocity.q||[]).push(arguments)};';
}

// Prints window.reciprocity(...) calls, each argument JSON-encoded for a <script> element.
function reciprocity_print_calls( $id, array $calls ) {
	$js = reciprocity_stub();
	foreach ( $calls as $args ) {
		$json = array();
		foreach ( $args as $arg ) {
			$json[] = wp_json_encode( $arg, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT );
		}
		$js .= "\nwindow.reciprocity(" . implode( ',', $json ) . ');';
	}
	wp_print_inline_script_tag( $js, array( 'id' => $id ) );
}

// Text as the widget keeps it: no control characters, trimmed.
function reciprocity_text( $s ) {
	return trim( (string) preg_replace( '/[\p{Cc}\p{Z}]+$|^[\p{Cc}\p{Z}]+|\p{Cc}/u', '', (string) $s ) );
}

// The order, once, on its order-received page, for the holder of its key only.
function reciprocity_hand_over_order( $order_id ) {
	if ( ! empty( $GLOBALS['reciprocity_order_printed'] ) ) {
		return;
	}
	$order = wc_get_order( $order_id );
	$key   = isset( $_GET['key'] ) && is_string( $_GET['key'] ) ? wc_clean( wp_unslash( $_GET['key'] ) ) : '';
	if ( ! $order instanceof WC_Order || '' === $key || ! hash_equals( $order->get_order_key(), $key )
		|| $order->has_status( array( 'failed', 'cancelled', 'refunded' ) ) ) {
		return;
	}
	$GLOBALS['reciprocity_order_printed'] = true;
	$items                                = array();
	foreach ( $order->get_items() as $item ) {
		$line  = array(
			'item_id'   => (string) $item->get_product_id(),
			'item_name' => reciprocity_text( $item->get_name() ),
			'price'     => (float) $order->get_item_total( $item, false, false ),
			'quantity'  => max( 1, (int) $item->get_quantity() ),
		);
		$terms = get_the_terms( $item->get_product_id(), 'product_cat' );
		if ( is_array( $terms ) && $terms ) {
			// The top-level category, as GA4's item_category.
			$top                   = wp_list_filter( $terms, array( 'parent' => 0 ) );
			$term                  = $top ? reset( $top ) : reset( $terms );
			$line['item_category'] = html_entity_decode( $term->name, ENT_QUOTES, 'UTF-8' );
		}
		$items[] = $line;
	}
	$purchase = array(
		// GTM4WP's form. Beside Google Analytics for WooCommerce 2.x, PixelYourSite or
		// Google for WooCommerce on a store whose order numbers differ from the order
		// IDs, use (string) $order->get_id(), so their purchase and this one are one order.
		'transaction_id' => (string) $order->get_order_number(),
		'value'          => (float) $order->get_total(),
		'currency'       => $order->get_currency(),
		'items'          => array_slice( $items, 0, 50 ),
	);
	$calls = array( array( 'track', 'purchase', $purchase ) );
	// A guest is thanked by the name on the order (a signed-in customer's facts follow).
	$name = reciprocity_text( $order->get_billing_first_name() );
	if ( ! is_user_logged_in() && '' !== $name ) {
		$calls[] = array( 'identify', array( 'first_name' => $name ) );
	}
	reciprocity_print_calls( 'reciprocity-purchase', $calls );
}
add_action( 'woocommerce_thankyou', 'reciprocity_hand_over_order', 20 );

// In the footer: the order again for themes whose template drops woocommerce_thankyou, then
// the signed-in customer (after the purchase: the order count already includes it).
add_action(
	'wp_footer',
	function () {
		if ( function_exists( 'is_order_received_page' ) && is_order_received_page() ) {
			$id = isset( $GLOBALS['wp']->query_vars['order-received'] ) ? $GLOBALS['wp']->query_vars['order-received'] : 0;
			reciprocity_hand_over_order( absint( apply_filters( 'woocommerce_thankyou_order_id', absint( $id ) ) ) );
		}
		if ( ! is_user_logged_in() || ! class_exists( 'WC_Customer' ) ) {
			return;
		}
		try {
			$customer = new WC_Customer( get_current_user_id() );
		} catch ( Exception $e ) {
			return;
		}
		$facts = array(
			'orders_count' => (int) $customer->get_order_count(),
			'total_spent'  => max( 0.0, (float) $customer->get_total_spent() ), // 120.5 means 120.50
			'currency'     => get_woocommerce_currency(),
		);
		$name  = reciprocity_text( $customer->get_first_name() );
		if ( '' !== $name ) {
			$facts['first_name'] = $name;
		}
		reciprocity_print_calls( 'reciprocity-identify', array( array( 'identify', $facts ) ) );
	},
	20
);
