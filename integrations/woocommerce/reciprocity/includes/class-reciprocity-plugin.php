<?php
/**
 * The storefront side: the widget's script tag, the signed-in customer, and the order on the
 * order-received page.
 *
 * @package Reciprocity
 */

defined( 'ABSPATH' ) || exit;

/**
 * Wires the plugin into WordPress and WooCommerce.
 *
 * What a page gets:
 *
 * - every storefront page: the widget's `<script async src=".../reciprocity.js"
 *   data-config="...">` in the head, after the queue stub (an inline script);
 * - the order-received page, for the holder of the order key only: one
 *   `reciprocity('track', 'purchase', …)` for the order, printed once, from the
 *   `woocommerce_thankyou` hook or, for a theme whose template drops that hook, from the footer
 *   (for a guest, followed by `identify` with the order's billing first name);
 * - a signed-in customer's pages: one `reciprocity('identify', …)` in the footer, after the
 *   purchase, so that the order count the facts carry (which includes the new order) is not
 *   added to again by the purchase.
 */
final class Reciprocity_Plugin {

	/** The script handle (WordPress prints it with `id="reciprocity-js"`). */
	const HANDLE = 'reciprocity';

	/** Defines `window.reciprocity` until the widget has loaded; calls wait in its `q`. */
	const STUB = 'window.reciprocity=window.reciprocity||function(){(window.reciprocity.q=window.reciprocity.q||[]).push(arguments)};';

	/** `wp_json_encode` flags for data inside a `<script>`: no `<`, `>`, `&`, `'` or `"` left raw. */
	const JSON_FLAGS = JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT;

	/**
	 * The settings.
	 *
	 * @var Reciprocity_Settings
	 */
	private $settings;

	/**
	 * Whether this request has printed the purchase already.
	 *
	 * @var bool
	 */
	private $order_printed = false;

	/**
	 * Whether this request has printed the identify call already.
	 *
	 * @var bool
	 */
	private $identify_printed = false;

	/**
	 * The plugin.
	 *
	 * @param Reciprocity_Settings $settings The settings.
	 */
	public function __construct( Reciprocity_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Adds the plugin's hooks.
	 */
	public function register() {
		add_action( 'wp_enqueue_scripts', array( $this, 'enqueue' ) );
		add_filter( 'script_loader_tag', array( $this, 'script_tag' ), 10, 3 );
		add_action( 'woocommerce_thankyou', array( $this, 'thankyou' ), 20 );
		add_action( 'wp_footer', array( $this, 'footer' ), 20 );
		if ( is_admin() ) {
			$this->settings->register();
		}
	}

	/**
	 * Enqueues the widget's script (async, in the head) and the queue stub before it.
	 */
	public function enqueue() {
		if ( ! $this->settings->loads_widget() ) {
			return;
		}
		// WordPress 6.3+ prints `async` itself; older versions read the array as "in footer"
		// and script_tag() adds `async`.
		wp_enqueue_script(
			self::HANDLE,
			$this->settings->script_url(),
			array(),
			null,
			array(
				'strategy'  => 'async',
				'in_footer' => false,
			)
		);
		wp_add_inline_script( self::HANDLE, self::STUB, 'before' );
	}

	/**
	 * Gives the widget's `<script src>` its `data-config` and, before WordPress 6.3, `async`.
	 * The tag WordPress passes may hold the inline stub before it; only the tag with a `src`
	 * is changed.
	 *
	 * @param string $tag    The HTML WordPress prints for the handle.
	 * @param string $handle The handle.
	 * @param string $src    The script URL.
	 * @return string
	 */
	public function script_tag( $tag, $handle, $src = '' ) {
		if ( self::HANDLE !== $handle || ! is_string( $tag ) ) {
			return $tag;
		}
		$config = $this->settings->config_url();
		$out    = preg_replace_callback(
			'#<script\b(?=[^>]*\ssrc=)([^>]*)>#i',
			static function ( $m ) use ( $config ) {
				$attrs = $m[1];
				$add   = '';
				if ( ! preg_match( '#\sasync(?=[\s=/]|$)#i', $attrs ) ) {
					$add .= ' async';
				}
				if ( '' !== $config && ! preg_match( '#\sdata-config\s*=#i', $attrs ) ) {
					$add .= ' data-config="' . esc_url( $config ) . '"';
				}
				return '<script' . $add . $attrs . '>';
			},
			$tag,
			1
		);
		return is_string( $out ) ? $out : $tag;
	}

	/**
	 * `woocommerce_thankyou`: hands the order over, once, to the holder of its key.
	 *
	 * @param mixed $order_id The order id WooCommerce passes.
	 */
	public function thankyou( $order_id ) {
		if ( $this->order_printed || ! $this->settings->active() ) {
			return;
		}
		$order = $this->keyed_order( absint( $order_id ) );
		if ( $order ) {
			$this->print_purchase( $order );
		}
	}

	/**
	 * `wp_footer`: the purchase, when the order-received page's template dropped the
	 * `woocommerce_thankyou` hook, then the signed-in customer's facts.
	 */
	public function footer() {
		if ( ! $this->settings->active() ) {
			return;
		}
		if ( ! $this->order_printed && function_exists( 'is_order_received_page' ) && is_order_received_page() ) {
			$order = $this->keyed_order( $this->received_order_id() );
			if ( $order ) {
				$this->print_purchase( $order );
			}
		}
		$this->print_identify();
	}

	/**
	 * The order on the order-received page, as WooCommerce reads it: the `order-received`
	 * query var through the `woocommerce_thankyou_order_id` filter.
	 *
	 * @return int
	 */
	private function received_order_id() {
		global $wp;
		$id = is_object( $wp ) && isset( $wp->query_vars['order-received'] ) ? absint( $wp->query_vars['order-received'] ) : 0;
		return absint( apply_filters( 'woocommerce_thankyou_order_id', $id ) );
	}

	/**
	 * The order, only for a request that carries its key (`?key=wc_order_…`, through
	 * WooCommerce's `woocommerce_thankyou_order_key` filter), only a real order (not a
	 * refund), not failed or cancelled, and placed (or paid) within the last day.
	 *
	 * @param int $order_id The order id.
	 * @return WC_Order|null
	 */
	private function keyed_order( $order_id ) {
		if ( $order_id <= 0 || ! function_exists( 'wc_get_order' ) ) {
			return null;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- the order key is the credential, as in WooCommerce.
		$key   = isset( $_GET['key'] ) && is_string( $_GET['key'] ) ? wc_clean( wp_unslash( $_GET['key'] ) ) : '';
		$key   = (string) apply_filters( 'woocommerce_thankyou_order_key', $key );
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof WC_Order || '' === $key || ! hash_equals( (string) $order->get_order_key(), $key ) ) {
			return null;
		}
		if ( $order->has_status( Reciprocity_Order::SKIPPED_STATUSES ) ) {
			return null;
		}
		/**
		 * Filters how old an order may be, in seconds, for its order-received page to hand it
		 * over (the widget records the purchase as happening now). 0: no limit.
		 *
		 * @param int      $max_age Default one day.
		 * @param WC_Order $order   The order.
		 */
		$max_age = (int) apply_filters( 'reciprocity_order_max_age', DAY_IN_SECONDS, $order );
		$placed  = $order->get_date_paid() ? $order->get_date_paid() : $order->get_date_created();
		if ( $max_age > 0 && is_object( $placed ) && time() - (int) $placed->getTimestamp() > $max_age ) {
			return null;
		}
		/**
		 * Filters whether the order-received page hands this order to the widget.
		 *
		 * @param bool     $hand_over Default true.
		 * @param WC_Order $order     The order.
		 */
		return apply_filters( 'reciprocity_hand_over_order', true, $order ) ? $order : null;
	}

	/**
	 * Prints `reciprocity('track', 'purchase', …)` for the order.
	 *
	 * @param WC_Order $order The order.
	 */
	private function print_purchase( $order ) {
		$this->order_printed = true;
		$calls               = array( array( 'track', 'purchase', Reciprocity_Order::purchase( $order, $this->settings->get( 'transaction_id' ) ) ) );
		// A guest is thanked by the name on the order (a signed-in customer's facts follow in
		// the footer). Only the name: a guest's other orders are not known here.
		if ( ! is_user_logged_in() && '1' === $this->settings->get( 'identify' ) ) {
			$name = Reciprocity_Order::text( $order->get_billing_first_name() );
			if ( '' !== $name ) {
				$calls[] = array( 'identify', array( 'first_name' => $name ) );
			}
		}
		$this->print_calls( 'reciprocity-purchase', $calls );
	}

	/**
	 * Prints `reciprocity('identify', …)` for a signed-in customer, once.
	 */
	private function print_identify() {
		if ( $this->identify_printed || '1' !== $this->settings->get( 'identify' ) ) {
			return;
		}
		$this->identify_printed = true;
		if ( ! is_user_logged_in() || ! class_exists( 'WC_Customer' ) || ! function_exists( 'get_woocommerce_currency' ) ) {
			return;
		}
		$user_id = (int) get_current_user_id();
		if ( $user_id <= 0 ) {
			return;
		}
		try {
			$customer = new WC_Customer( $user_id );
		} catch ( Exception $e ) {
			return;
		}
		$facts = Reciprocity_Order::facts( $customer );
		if ( array() !== $facts ) {
			$this->print_calls( 'reciprocity-identify', array( array( 'identify', $facts ) ) );
		}
	}

	/**
	 * Prints one inline script: the stub (so the calls wait for the widget wherever it is
	 * loaded), then each call, every argument JSON-encoded for a `<script>` element.
	 *
	 * @param string $id    The element id.
	 * @param array  $calls Each call's arguments, command first.
	 */
	private function print_calls( $id, $calls ) {
		$js = self::STUB;
		foreach ( $calls as $args ) {
			$encoded = array();
			foreach ( $args as $arg ) {
				$json = wp_json_encode( $arg, self::JSON_FLAGS );
				if ( ! is_string( $json ) ) {
					return;
				}
				$encoded[] = $json;
			}
			$js .= "\nwindow.reciprocity(" . implode( ',', $encoded ) . ');';
		}
		if ( function_exists( 'wp_print_inline_script_tag' ) ) {
			wp_print_inline_script_tag( $js, array( 'id' => $id ) );
		} else {
			echo '<script id="' . esc_attr( $id ) . '">' . $js . "</script>\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON encoded with JSON_HEX_TAG etc. above.
		}
	}
}
