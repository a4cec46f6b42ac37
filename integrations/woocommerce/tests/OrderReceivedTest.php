<?php
/**
 * The order-received page: the order handed to the widget once, to the holder of its key,
 * with the transaction id the store's GA4 plugin uses.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class OrderReceivedTest extends Reciprocity_TestCase {

	public function test_ok_purchase_with_items_categories_currency_and_numbers() {
		$html = $this->order_received( $this->order() );
		$this->assertSame(
			array(
				array(
					'transaction_id' => '4321',
					'value'          => 59.9,
					'currency'       => 'EUR',
					'items'          => array(
						array(
							'item_id'       => '11',
							'item_name'     => 'Hoodie - Blue, L',
							'item_category' => 'Clothing',
							'price'         => 20,
							'quantity'      => 2,
						),
						array(
							'item_id'       => '21',
							'item_name'     => 'Mug',
							'item_category' => 'Kitchen & Home',
							'price'         => 9.92,
							'quantity'      => 1,
						),
					),
				),
			),
			self::purchases( $html )
		);
		$this->assertMatchesRegularExpression( '/"value":59\.9\b/', $html, 'value is a JSON number, not a string' );
		$this->assertStringContainsString( '<script id="reciprocity-purchase">', $html );
	}

	public function test_ok_prices_with_tax_when_the_store_shows_them_so() {
		update_option( 'woocommerce_tax_display_cart', 'incl' );
		$items = self::purchases( $this->order_received( $this->order() ) )[0]['items'];
		$this->assertSame( array( 24, 11.9 ), array( $items[0]['price'], $items[1]['price'] ) );
	}

	public function test_ok_printed_once_when_both_hooks_fire() {
		$html = $this->order_received( $this->order() );
		$this->assertSame( 1, did_action( 'woocommerce_thankyou' ) );
		$this->assertSame( 1, did_action( 'wp_footer' ) );
		$this->assertCount( 1, self::purchases( $html ) );
		$this->assertSame( 1, substr_count( $html, 'reciprocity-purchase' ) );
	}

	public function test_ok_printed_once_when_a_theme_fires_the_hook_twice() {
		$this->plugin();
		WC_Stub::$orders[4321] = $this->order();
		$_GET['key']           = self::KEY;
		ob_start();
		do_action( 'woocommerce_thankyou', 4321 );
		do_action( 'woocommerce_thankyou', 4321 );
		$this->assertCount( 1, self::purchases( (string) ob_get_clean() ) );
	}

	public function test_ok_footer_hands_over_when_the_template_drops_the_hook() {
		$html = $this->order_received( $this->order(), null, false );
		$this->assertSame( 0, did_action( 'woocommerce_thankyou' ) );
		$this->assertCount( 1, self::purchases( $html ) );
		$this->assertSame( '4321', self::purchases( $html )[0]['transaction_id'] );
	}

	public function test_ok_footer_reads_the_order_id_through_woocommerce_filter() {
		$order = $this->order( array( 'id' => 99 ) );
		WC_Stub::$orders[99] = $order;
		add_filter(
			'woocommerce_thankyou_order_id',
			static function ( $id ) {
				return 0 === $id ? 99 : $id;
			}
		);
		$_GET['key']                  = self::KEY;
		$html = $this->page( array( 'order_received' => true ) );
		$this->assertSame( '99', self::purchases( $html )[0]['transaction_id'] );
	}

	public function test_err_wrong_key_hands_nothing_over() {
		foreach ( array( 'wc_order_0000000000000', 'WC_ORDER_5F1A2B3C4D5E6', '', ' ' ) as $key ) {
			$html = $this->order_received( $this->order(), $key );
			$this->assertSame( array(), self::purchases( $html ), "key '$key'" );
			$this->assertStringNotContainsString( 'Hoodie', $html );
		}
		$html = $this->order_received( $this->order(), false );
		$this->assertSame( array(), self::purchases( $html ), 'no key in the URL' );
		$_GET['key'] = array( self::KEY );
		$this->assertSame( array(), self::purchases( $this->page( array( 'thankyou' => 4321, 'order_received' => true ) ) ), 'key[]= in the URL' );
	}

	public function test_err_nothing_on_other_pages() {
		WC_Stub::$orders[4321] = $this->order();
		$_GET['key']           = self::KEY;
		$html                  = $this->page();
		$this->assertSame( array(), self::calls( $html ) );
		$this->assertStringNotContainsString( '4321', $html );
		$this->assertNotSame( '', self::loader_tag( $html ), 'the widget still loads' );
	}

	public function test_err_refund_failed_cancelled_or_old_orders_are_not_handed_over() {
		$cases = array(
			'failed'    => $this->order( array( 'status' => 'failed' ) ),
			'cancelled' => $this->order( array( 'status' => 'cancelled' ) ),
			'old'       => $this->order( array( 'date_created' => new WC_DateTime( '-3 days' ) ) ),
			'old, paid' => $this->order( array( 'date_created' => new WC_DateTime( '-3 days' ), 'date_paid' => new WC_DateTime( '-2 days' ) ) ),
			'refund'    => new WC_Order_Refund( array( 'id' => 4321, 'key' => self::KEY, 'total' => '-5.00' ) ),
		);
		foreach ( $cases as $what => $order ) {
			$this->assertSame( array(), self::purchases( $this->order_received( $order ) ), $what );
		}
	}

	public function test_ok_pending_and_on_hold_orders_and_a_late_payment_are_handed_over() {
		$cases = array(
			'pending' => $this->order( array( 'status' => 'pending' ) ),
			'on-hold' => $this->order( array( 'status' => 'on-hold' ) ),
			'paid now, placed 3 days ago' => $this->order( array( 'date_created' => new WC_DateTime( '-3 days' ), 'date_paid' => new WC_DateTime( '-1 minute' ) ) ),
		);
		foreach ( $cases as $what => $order ) {
			$this->assertCount( 1, self::purchases( $this->order_received( $order ) ), $what );
		}
	}

	public function test_ok_max_age_and_hand_over_filters() {
		add_filter(
			'reciprocity_order_max_age',
			static function () {
				return 0;
			}
		);
		$old = $this->order( array( 'date_created' => new WC_DateTime( '-30 days' ) ) );
		$this->assertCount( 1, self::purchases( $this->order_received( $old ) ), 'max age 0: no limit' );
		add_filter( 'reciprocity_hand_over_order', '__return_false' );
		$this->assertSame( array(), self::purchases( $this->order_received( $this->order() ) ) );
	}

	public function test_ok_hostile_product_names_stay_data() {
		$order = $this->order(
			array(
				'items' => array(
					new WC_Order_Item_Product(
						array(
							'name'       => "</script><script>alert('x')</script> \"Quote\" & <!-- \u{202E}txt.exe \u{2028} end",
							'product_id' => 5,
							'total'      => '1.00',
						)
					),
				),
			)
		);
		$html = $this->order_received( $order );
		$this->assertSame( substr_count( $html, '<script' ), substr_count( $html, '</script' ), 'no script element ends inside the data' );
		$this->assertStringNotContainsString( '<script>alert', $html );
		$this->assertStringNotContainsString( '<!--', $html );
		$this->assertSame( "</script><script>alert('x')</script> \"Quote\" & <!-- \u{202E}txt.exe \u{2028} end", self::purchases( $html )[0]['items'][0]['item_name'] );
		$queued = $this->run_in_node( $html );
		$this->assertSame( self::purchases( $html )[0], $queued[0][2], 'a browser reads the same data' );
	}

	public function test_ok_lines_without_product_or_name_and_long_orders() {
		$lines = array( new WC_Order_Item_Product( array( 'name' => "\u{0007} ", 'product_id' => 0 ) ) );
		for ( $i = 1; $i <= 60; $i++ ) {
			$lines[] = new WC_Order_Item_Product( array( 'name' => "Line $i", 'product_id' => 0, 'quantity' => 0 ) );
		}
		$items = self::purchases( $this->order_received( $this->order( array( 'items' => $lines ) ) ) )[0]['items'];
		$this->assertCount( 50, $items );
		$this->assertSame(
			array(
				'item_name' => 'Line 1',
				'price'     => 0,
				'quantity'  => 1,
			),
			$items[0]
		);
	}

	public function test_ok_bad_currency_is_left_out() {
		$data = self::purchases( $this->order_received( $this->order( array( 'currency' => 'euro' ) ) ) )[0];
		$this->assertArrayNotHasKey( 'currency', $data );
	}

	public function test_ok_transaction_id_follows_the_ga4_plugin_found() {
		// A store with an order-number plugin: number and id differ.
		$order = $this->order( array( 'number' => 'WC-1001' ) );
		$this->assertSame( 'WC-1001', self::purchases( $this->order_received( $order ) )[0]['transaction_id'], 'no GA4 plugin: the order number' );

		$cases = array(
			'GA4WC 2.1'  => array( array( 'WC_GOOGLE_ANALYTICS_INTEGRATION_VERSION' => '2.1.7' ), 'order_id' ),
			'GA4WC 1.8'  => array( array( 'WC_GOOGLE_ANALYTICS_INTEGRATION_VERSION' => '1.8.14' ), 'order_number' ),
			'PYS'        => array( array( 'PYS_FREE_VERSION' => '11.2.0.7' ), 'order_id' ),
			'PYS Pro'    => array( array( 'PYS_VERSION' => '12.0.0' ), 'order_id' ),
			'GLA'        => array( array( 'WC_GLA_VERSION' => '2.3.1' ), 'order_id' ),
			'GTM4WP+PYS' => array( array( 'GTM4WP_VERSION' => '1.20', 'PYS_FREE_VERSION' => '11.2.0.7' ), 'order_number' ),
		);
		foreach ( $cases as $what => $case ) {
			$this->assertSame( $case[1], self::form_with( $case[0] ), $what );
		}
	}

	public function test_ok_transaction_id_setting_and_filter() {
		$order = $this->order( array( 'number' => 'WC-1001' ) );
		$this->set_settings( array( 'transaction_id' => 'order_id' ) );
		$this->assertSame( '4321', self::purchases( $this->order_received( $order ) )[0]['transaction_id'] );
		add_filter(
			'reciprocity_transaction_id',
			static function ( $id, $o ) {
				return 'shop-a-' . $id;
			},
			10,
			2
		);
		$this->assertSame( 'shop-a-4321', self::purchases( $this->order_received( $order ) )[0]['transaction_id'] );
		$this->assertSame( 'shop-a-WC-1001', Reciprocity_Order::transaction_id( $order, 'order_number' ) );
	}

	public function test_ok_gtm4wp_prefix_is_prepended() {
		$order = $this->order();
		$php   = 'define("GTM4WP_VERSION", "2.0.0");'
			. 'WP_Stub::$options["gtm4wp-options"] = array("integrate-woocommerce-transaction-id-prefix" => "eu-");'
			. 'echo Reciprocity_Order::transaction_id(new WC_Order(array("id" => 4321)), "auto");';
		$this->assertSame( 'eu-4321', self::isolated( $php ) );
	}

	public function test_ok_purchase_data_filter() {
		add_filter(
			'reciprocity_purchase_data',
			static function ( $data ) {
				$data['items'][0]['item_category'] = 'Winter';
				return $data;
			}
		);
		$this->assertSame( 'Winter', self::purchases( $this->order_received( $this->order() ) )[0]['items'][0]['item_category'] );
	}

	/**
	 * The id form detected with these constants defined (constants cannot be undefined, so
	 * each case runs in its own PHP process).
	 */
	private static function form_with( array $constants ) {
		$php = '';
		foreach ( $constants as $name => $value ) {
			$php .= 'define(' . var_export( $name, true ) . ', ' . var_export( $value, true ) . ');';
		}
		return self::isolated( $php . 'echo Reciprocity_Order::detected_form();' );
	}

	/** Runs PHP code after the test bootstrap in a separate process; returns its output. */
	private static function isolated( $php ) {
		$code = 'require ' . var_export( __DIR__ . '/stubs/load.php', true ) . ';' . $php;
		$cmd  = escapeshellarg( PHP_BINARY ) . ' -d error_reporting=-1 -r ' . escapeshellarg( $code ) . ' 2>&1';
		return (string) shell_exec( $cmd );
	}
}
