<?php
/**
 * A WooCommerce order as the widget's `track('purchase', …)` data, and the customer as its
 * `identify` facts.
 *
 * @package Reciprocity
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the data the widget reads. Every value is plain data (strings, numbers, arrays);
 * escaping for the page happens where it is printed.
 */
final class Reciprocity_Order {

	/** Most lines sent for one order (the widget keeps 50). */
	const MAX_ITEMS = 50;

	/** Longest text the widget keeps, in characters. */
	const MAX_TEXT = 200;

	/** Order statuses whose order-received page hands nothing over. */
	const SKIPPED_STATUSES = array( 'failed', 'cancelled', 'refunded', 'checkout-draft' );

	/**
	 * The GA4 plugins found on this site, with the order id form each puts in its purchase
	 * event's `transaction_id`:
	 *
	 * - GTM4WP: `$order->get_order_number()` (1.x and 2.x; 2.x can prepend a prefix, read
	 *   from its options).
	 * - Google Analytics for WooCommerce: `get_order_number()` up to 1.8.x; `get_id()` from
	 *   2.0.2 (2.0.0 and 2.0.1 sent no transaction_id).
	 * - PixelYourSite (free and Pro): the order ID.
	 * - Google for WooCommerce (Google Listings & Ads): `get_id()`.
	 *
	 * On a store without an order-number plugin both forms are the same string.
	 *
	 * @return array<string, string> Plugin name => `order_number` or `order_id`.
	 */
	public static function detected_plugins() {
		$found = array();
		if ( defined( 'GTM4WP_VERSION' ) ) {
			$found['GTM4WP'] = 'order_number';
		}
		if ( defined( 'WC_GOOGLE_ANALYTICS_INTEGRATION_VERSION' ) ) {
			$found['Google Analytics for WooCommerce'] = version_compare( (string) WC_GOOGLE_ANALYTICS_INTEGRATION_VERSION, '2.0.0', '>=' ) ? 'order_id' : 'order_number';
		}
		if ( defined( 'PYS_FREE_VERSION' ) || defined( 'PYS_VERSION' ) ) {
			$found['PixelYourSite'] = 'order_id';
		}
		if ( defined( 'WC_GLA_VERSION' ) ) {
			$found['Google for WooCommerce'] = 'order_id';
		}
		return $found;
	}

	/**
	 * The id form `auto` stands for: GTM4WP's when it is there (it is the one most stores
	 * with Tag Manager run, and its form wins when plugins disagree), else the first other
	 * GA4 plugin's, else the order number.
	 *
	 * @return string `order_number` or `order_id`.
	 */
	public static function detected_form() {
		$found = self::detected_plugins();
		if ( isset( $found['GTM4WP'] ) ) {
			return 'order_number';
		}
		return array() === $found ? 'order_number' : (string) reset( $found );
	}

	/**
	 * The purchase's `transaction_id`, the same string the store's GA4 plugin sends for this
	 * order, so that the widget counts the order once.
	 *
	 * @param WC_Order $order The order.
	 * @param string   $form  `auto`, `order_number` or `order_id`.
	 * @return string
	 */
	public static function transaction_id( $order, $form ) {
		if ( 'order_number' !== $form && 'order_id' !== $form ) {
			$form = self::detected_form();
		}
		if ( 'order_id' === $form ) {
			$id = (string) $order->get_id();
		} else {
			$id = self::gtm4wp_prefix() . (string) $order->get_order_number();
		}
		/**
		 * Filters the transaction id handed to the widget for an order.
		 *
		 * @param string   $id    The id.
		 * @param WC_Order $order The order.
		 */
		return (string) apply_filters( 'reciprocity_transaction_id', $id, $order );
	}

	/**
	 * GTM4WP 2.x's "transaction id prefix" option (empty when GTM4WP is not there).
	 *
	 * @return string
	 */
	private static function gtm4wp_prefix() {
		if ( ! defined( 'GTM4WP_VERSION' ) ) {
			return '';
		}
		$options = get_option( 'gtm4wp-options', array() );
		$key     = 'integrate-woocommerce-transaction-id-prefix';
		return is_array( $options ) && isset( $options[ $key ] ) && is_scalar( $options[ $key ] ) ? (string) $options[ $key ] : '';
	}

	/**
	 * The order as `track('purchase', data)` data: GA4 e-commerce field names, `value` and
	 * `price` as numbers in the currency's major unit (19.99), `items` with the product's
	 * top-level category.
	 *
	 * @param WC_Order $order The order.
	 * @param string   $form  The transaction id form (see transaction_id()).
	 * @return array<string, mixed>
	 */
	public static function purchase( $order, $form ) {
		$data = array(
			'transaction_id' => self::transaction_id( $order, $form ),
			'value'          => round( max( 0.0, (float) $order->get_total() ), 4 ),
		);
		$currency = self::currency( $order->get_currency() );
		if ( '' !== $currency ) {
			$data['currency'] = $currency;
		}
		$inc_tax = 'incl' === get_option( 'woocommerce_tax_display_cart' );
		$items   = array();
		foreach ( $order->get_items() as $item ) {
			if ( count( $items ) >= self::MAX_ITEMS ) {
				break;
			}
			if ( ! is_object( $item ) || ! method_exists( $item, 'get_product_id' ) ) {
				continue;
			}
			$line       = array();
			$product_id = (int) $item->get_product_id();
			if ( $product_id > 0 ) {
				$line['item_id'] = (string) $product_id;
			}
			$name = self::text( $item->get_name() );
			if ( '' !== $name ) {
				$line['item_name'] = $name;
			}
			if ( array() === $line ) {
				continue;
			}
			$category = self::category( $product_id );
			if ( '' !== $category ) {
				$line['item_category'] = $category;
			}
			$line['price']    = round( max( 0.0, (float) $order->get_item_total( $item, $inc_tax, false ) ), 4 );
			$line['quantity'] = max( 1, (int) $item->get_quantity() );
			$items[]          = $line;
		}
		$data['items'] = $items;
		/**
		 * Filters the purchase data handed to the widget on the order-received page.
		 *
		 * @param array    $data  `transaction_id`, `value`, `currency`, `items`.
		 * @param WC_Order $order The order.
		 */
		$data = apply_filters( 'reciprocity_purchase_data', $data, $order );
		return is_array( $data ) ? $data : array();
	}

	/**
	 * The product's top-level category name (GA4's `item_category`), else its first one.
	 *
	 * @param int $product_id The product (for a variation, its parent).
	 * @return string
	 */
	private static function category( $product_id ) {
		if ( $product_id <= 0 ) {
			return '';
		}
		$terms = get_the_terms( $product_id, 'product_cat' );
		if ( ! is_array( $terms ) || array() === $terms ) {
			return '';
		}
		$pick = reset( $terms );
		foreach ( $terms as $term ) {
			if ( is_object( $term ) && isset( $term->parent ) && 0 === (int) $term->parent ) {
				$pick = $term;
				break;
			}
		}
		return is_object( $pick ) && isset( $pick->name ) ? self::text( html_entity_decode( (string) $pick->name, ENT_QUOTES, 'UTF-8' ) ) : '';
	}

	/**
	 * A signed-in customer as `identify` facts: `first_name` (omitted when unknown),
	 * `orders_count`, `total_spent` (a number in the currency's major unit, as WooCommerce
	 * keeps it: 120.5 is 120.50), `currency`, and `first_order_at` (RFC 3339, UTC) when
	 * the customer has a paid order.
	 *
	 * @param WC_Customer $customer The customer.
	 * @return array<string, mixed>
	 */
	public static function facts( $customer ) {
		$facts = array();
		$name  = self::text( $customer->get_first_name() );
		if ( '' === $name ) {
			$name = self::text( $customer->get_billing_first_name() );
		}
		if ( '' !== $name ) {
			$facts['first_name'] = $name;
		}
		$facts['orders_count'] = (int) $customer->get_order_count();
		$facts['total_spent']  = round( (float) $customer->get_total_spent(), 4 );
		$currency              = self::currency( get_woocommerce_currency() );
		if ( '' !== $currency ) {
			$facts['currency'] = $currency;
		}
		if ( $facts['orders_count'] > 0 ) {
			$first = self::first_order_at( (int) $customer->get_id(), $facts['orders_count'] );
			if ( '' !== $first ) {
				$facts['first_order_at'] = $first;
			}
		}
		/**
		 * Filters the facts handed to the widget for a signed-in customer, for example to
		 * add `birthday` (`MM-DD` or `YYYY-MM-DD`) from a field your store keeps.
		 *
		 * @param array       $facts    The facts.
		 * @param WC_Customer $customer The customer.
		 */
		$facts = apply_filters( 'reciprocity_identify_facts', $facts, $customer );
		return self::valid_facts( is_array( $facts ) ? $facts : array() );
	}

	/**
	 * Keeps the facts the widget reads, each only when the widget accepts its value (the
	 * widget refuses a whole `identify` call for one unreadable fact).
	 *
	 * @param array<string, mixed> $facts The facts.
	 * @return array<string, mixed>
	 */
	public static function valid_facts( $facts ) {
		$out = array();
		if ( isset( $facts['first_name'] ) && is_string( $facts['first_name'] ) ) {
			$name = self::text( $facts['first_name'] );
			if ( '' !== $name ) {
				$out['first_name'] = $name;
			}
		}
		if ( isset( $facts['birthday'] ) && is_string( $facts['birthday'] ) && self::is_birthday( trim( $facts['birthday'] ) ) ) {
			$out['birthday'] = trim( $facts['birthday'] );
		}
		if ( isset( $facts['orders_count'] ) && is_numeric( $facts['orders_count'] ) ) {
			$out['orders_count'] = min( 1000000, max( 0, (int) $facts['orders_count'] ) );
		}
		if ( isset( $facts['total_spent'] ) && is_numeric( $facts['total_spent'] ) && is_finite( (float) $facts['total_spent'] ) ) {
			$out['total_spent'] = min( 1.0e10, max( 0.0, (float) $facts['total_spent'] ) );
		}
		if ( isset( $facts['currency'] ) && is_string( $facts['currency'] ) && '' !== self::currency( $facts['currency'] ) ) {
			$out['currency'] = self::currency( $facts['currency'] );
		}
		if ( isset( $facts['first_order_at'] ) && is_string( $facts['first_order_at'] )
			&& preg_match( '/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/', $facts['first_order_at'] ) ) {
			$out['first_order_at'] = $facts['first_order_at'];
		}
		return $out;
	}

	/**
	 * `MM-DD` or `YYYY-MM-DD`, a real day of the year.
	 *
	 * @param string $s The value.
	 * @return bool
	 */
	private static function is_birthday( $s ) {
		if ( ! preg_match( '/^(?:(\d{4})-)?(\d{2})-(\d{2})$/', $s, $m ) ) {
			return false;
		}
		$year = '' === $m[1] ? 2000 : (int) $m[1];
		return checkdate( (int) $m[2], (int) $m[3], $year );
	}

	/**
	 * When the customer's first paid order was placed, as `2024-03-01T10:00:00Z`. Kept in
	 * user meta once found (a first order does not change); while none is found, the order
	 * count at the last look is kept so the orders are queried again only when it changes.
	 *
	 * @param int $user_id      The customer.
	 * @param int $orders_count Their order count now.
	 * @return string Empty when unknown.
	 */
	private static function first_order_at( $user_id, $orders_count ) {
		if ( $user_id <= 0 || ! function_exists( 'wc_get_orders' ) ) {
			return '';
		}
		$meta   = '_reciprocity_first_order_at';
		$cached = get_user_meta( $user_id, $meta, true );
		if ( is_string( $cached ) && '' !== $cached ) {
			if ( 0 !== strpos( $cached, 'none:' ) ) {
				return $cached;
			}
			if ( 'none:' . $orders_count === $cached ) {
				return '';
			}
		}
		$orders = wc_get_orders(
			array(
				'customer_id' => $user_id,
				'status'      => wc_get_is_paid_statuses(),
				'orderby'     => 'date',
				'order'       => 'ASC',
				'limit'       => 1,
				'return'      => 'objects',
			)
		);
		$first  = is_array( $orders ) && array() !== $orders ? reset( $orders ) : null;
		$date   = is_object( $first ) ? $first->get_date_created() : null;
		if ( ! is_object( $date ) || ! method_exists( $date, 'getTimestamp' ) ) {
			update_user_meta( $user_id, $meta, 'none:' . $orders_count );
			return '';
		}
		$at = gmdate( 'Y-m-d\TH:i:s\Z', (int) $date->getTimestamp() );
		update_user_meta( $user_id, $meta, $at );
		return $at;
	}

	/**
	 * A three-letter currency code, upper-cased; empty for anything else.
	 *
	 * @param mixed $code The code.
	 * @return string
	 */
	private static function currency( $code ) {
		$code = is_string( $code ) ? trim( $code ) : '';
		return preg_match( '/^[A-Za-z]{3}$/', $code ) ? strtoupper( $code ) : '';
	}

	/**
	 * Text as the widget keeps it: valid UTF-8, no control characters, trimmed, at most 200
	 * characters. Markup stays as typed: it is data, escaped where it is printed.
	 *
	 * @param mixed $s The text.
	 * @return string
	 */
	public static function text( $s ) {
		if ( ! is_scalar( $s ) ) {
			return '';
		}
		$s = wp_check_invalid_utf8( (string) $s, true );
		if ( ! is_string( $s ) || ! preg_match( '//u', $s ) ) {
			return '';
		}
		$s = self::trim( (string) preg_replace( '/\p{Cc}+/u', '', $s ) );
		if ( preg_match( '/^.{0,' . self::MAX_TEXT . '}/us', $s, $m ) ) {
			$s = self::trim( $m[0] );
		}
		return $s;
	}

	/**
	 * Trims Unicode white space (the widget does too, so a name of spaces is no name).
	 *
	 * @param string $s The text.
	 * @return string
	 */
	private static function trim( $s ) {
		return (string) preg_replace( '/^[\s\p{Z}]+|[\s\p{Z}]+$/u', '', $s );
	}
}
