<?php
/**
 * A small stand-in for the WooCommerce classes and functions the plugin calls, written from
 * the code reference (woocommerce.github.io/code-reference): orders and their line items,
 * customers, the order-received page.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

/**
 * Everything the stubbed WooCommerce remembers.
 */
final class WC_Stub {
	/** @var array<int, WC_Order|WC_Order_Refund> */
	public static $orders = array();
	/** @var array<int, array<string, mixed>> user id => customer data */
	public static $customers = array();
	/** @var string */
	public static $currency = 'EUR';
	/** @var bool what is_order_received_page() answers */
	public static $order_received_page = false;
	/** @var array[] the arguments of each wc_get_orders() call */
	public static $queries = array();

	public static function reset() {
		self::$orders              = array();
		self::$customers           = array();
		self::$currency            = 'EUR';
		self::$order_received_page = false;
		self::$queries             = array();
	}
}

class WC_DateTime extends DateTime {
}

class WC_Order_Item_Product {
	private $d;

	public function __construct( array $d ) {
		$this->d = $d + array(
			'id'           => 1,
			'name'         => 'Item',
			'product_id'   => 0,
			'variation_id' => 0,
			'quantity'     => 1,
			'total'        => '0',
			'total_tax'    => '0',
		);
	}

	public function get_id() {
		return $this->d['id'];
	}

	public function get_name( $context = 'view' ) {
		return $this->d['name'];
	}

	public function get_product_id( $context = 'view' ) {
		return $this->d['product_id'];
	}

	public function get_variation_id( $context = 'view' ) {
		return $this->d['variation_id'];
	}

	public function get_quantity( $context = 'view' ) {
		return $this->d['quantity'];
	}

	/** The line total after discounts, before tax, as a decimal string. */
	public function get_total( $context = 'view' ) {
		return $this->d['total'];
	}

	public function get_total_tax( $context = 'view' ) {
		return $this->d['total_tax'];
	}
}

/** A fee or shipping line: not a product line. */
class WC_Order_Item_Fee {
	public function get_name() {
		return 'Fee';
	}
}

abstract class WC_Abstract_Order {
	protected $d;

	public function __construct( array $d ) {
		$this->d = $d + array(
			'id'           => 1,
			'number'       => null,
			'key'          => 'wc_order_abc123def456g',
			'status'       => 'processing',
			'total'        => '0.00',
			'currency'     => 'EUR',
			'items'        => array(),
			'date_created' => new WC_DateTime( '-5 minutes' ),
			'date_paid'    => null,
			'customer_id'  => 0,
			'first_name'   => '',
		);
	}

	public function get_billing_first_name( $context = 'view' ) {
		return $this->d['first_name'];
	}

	public function get_id() {
		return $this->d['id'];
	}

	public function get_status( $context = 'view' ) {
		return $this->d['status'];
	}

	public function has_status( $status ) {
		return is_array( $status ) ? in_array( $this->get_status(), $status, true ) : $this->get_status() === $status;
	}

	public function get_total( $context = 'view' ) {
		return $this->d['total'];
	}

	public function get_currency( $context = 'view' ) {
		return $this->d['currency'];
	}

	/** As WC_Abstract_Order::get_items(): by default the product lines only. */
	public function get_items( $types = 'line_item' ) {
		return array_filter(
			$this->d['items'],
			static function ( $item ) use ( $types ) {
				return 'line_item' !== $types || $item instanceof WC_Order_Item_Product;
			}
		);
	}

	public function get_date_created( $context = 'view' ) {
		return $this->d['date_created'];
	}

	public function get_date_paid( $context = 'view' ) {
		return $this->d['date_paid'];
	}

	public function get_customer_id( $context = 'view' ) {
		return $this->d['customer_id'];
	}

	/**
	 * As WC_Abstract_Order::get_item_total(): the line total (with its tax when asked)
	 * divided by the quantity, rounded to the price decimals when asked.
	 */
	public function get_item_total( $item, $inc_tax = false, $round = true ) {
		$qty   = max( 1, (float) $item->get_quantity() );
		$total = $inc_tax ? (float) $item->get_total() + (float) $item->get_total_tax() : (float) $item->get_total();
		$total = $total / $qty;
		return $round ? round( $total, 2 ) : $total;
	}
}

class WC_Order extends WC_Abstract_Order {
	public function get_order_key( $context = 'view' ) {
		return $this->d['key'];
	}

	/** As WC_Order::get_order_number(): the id unless an order-number plugin filters it. */
	public function get_order_number() {
		return (string) apply_filters( 'woocommerce_order_number', null === $this->d['number'] ? $this->get_id() : $this->d['number'], $this );
	}
}

class WC_Order_Refund extends WC_Abstract_Order {
	public function get_order_key( $context = 'view' ) {
		return $this->d['key'];
	}
}

class WC_Customer {
	private $id;
	private $d;

	/** As WC_Customer: an unknown user id throws. */
	public function __construct( $id = 0, $is_session = false ) {
		if ( ! isset( WC_Stub::$customers[ $id ] ) ) {
			throw new Exception( 'Invalid customer.' );
		}
		$this->id = $id;
		$this->d  = WC_Stub::$customers[ $id ] + array(
			'first_name'         => '',
			'billing_first_name' => '',
			'order_count'        => 0,
			'total_spent'        => '0.00',
		);
	}

	public function get_id() {
		return $this->id;
	}

	public function get_first_name( $context = 'view' ) {
		return $this->d['first_name'];
	}

	public function get_billing_first_name( $context = 'view' ) {
		return $this->d['billing_first_name'];
	}

	/** Orders of every status, as an int. */
	public function get_order_count() {
		return (int) $this->d['order_count'];
	}

	/** As the customer data store: wc_format_decimal( $spent, 2 ), a string in major units. */
	public function get_total_spent() {
		return number_format( (float) $this->d['total_spent'], 2, '.', '' );
	}
}

function wc_get_order( $id = false ) {
	return WC_Stub::$orders[ (int) $id ] ?? false;
}

/**
 * As wc_get_orders() with customer_id, status, orderby date, order, limit and return
 * objects.
 */
function wc_get_orders( $args ) {
	WC_Stub::$queries[] = $args;
	$found              = array();
	foreach ( WC_Stub::$orders as $order ) {
		if ( ! $order instanceof WC_Order ) {
			continue;
		}
		if ( isset( $args['customer_id'] ) && (int) $order->get_customer_id() !== (int) $args['customer_id'] ) {
			continue;
		}
		if ( isset( $args['status'] ) && ! in_array( $order->get_status(), (array) $args['status'], true ) ) {
			continue;
		}
		$found[] = $order;
	}
	usort(
		$found,
		static function ( $a, $b ) {
			return $a->get_date_created()->getTimestamp() <=> $b->get_date_created()->getTimestamp();
		}
	);
	if ( isset( $args['order'] ) && 'DESC' === $args['order'] ) {
		$found = array_reverse( $found );
	}
	if ( isset( $args['limit'] ) && $args['limit'] > 0 ) {
		$found = array_slice( $found, 0, $args['limit'] );
	}
	return $found;
}

function wc_get_is_paid_statuses() {
	return array( 'processing', 'completed' );
}

/** As wc_clean(): sanitize_text_field on scalars (tags stripped, white space collapsed). */
function wc_clean( $var ) {
	if ( is_array( $var ) ) {
		return array_map( 'wc_clean', $var );
	}
	return is_scalar( $var ) ? trim( preg_replace( '/[\r\n\t ]+/', ' ', strip_tags( (string) $var ) ) ) : $var;
}

function is_order_received_page() {
	return WC_Stub::$order_received_page;
}

function get_woocommerce_currency() {
	return apply_filters( 'woocommerce_currency', WC_Stub::$currency );
}
