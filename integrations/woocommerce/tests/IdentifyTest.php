<?php
/**
 * `identify` for a signed-in customer: the facts the widget reads, in the units it reads
 * them, escaped for the script they land in.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class IdentifyTest extends Reciprocity_TestCase {

	public function test_ok_guest_gets_no_identify() {
		$html = $this->page();
		$this->assertSame( array(), self::identifies( $html ) );
		$this->assertStringNotContainsString( 'reciprocity-identify', $html );
		$html = $this->order_received( $this->order() );
		$this->assertSame( array(), self::identifies( $html ), 'a guest order hands over the purchase only' );
		$this->assertCount( 1, self::purchases( $html ) );
	}

	public function test_ok_guest_is_thanked_by_the_name_on_the_order() {
		$html = $this->order_received( $this->order( array( 'first_name' => " Amira\u{200F} " ) ) );
		$this->assertSame(
			array(
				array( 'track', 'purchase' ),
				array( 'identify', array( 'first_name' => "Amira\u{200F}" ) ),
			),
			array_map(
				static function ( $c ) {
					return 'track' === $c[0] ? array_slice( $c, 0, 2 ) : $c;
				},
				self::calls( $html )
			)
		);
		$this->assertSame( 1, substr_count( $html, '<script id="reciprocity-purchase">' ), 'one script, the purchase first' );
		$this->assertSame( array(), self::identifies( $this->order_received( $this->order( array( 'first_name' => ' ' ) ) ) ) );
		$this->assertSame( array(), self::identifies( $this->order_received( $this->order( array( 'first_name' => 'Amira' ) ), 'wc_order_0000000000000' ) ) );
		WC_Stub::$orders[4321] = $this->order( array( 'first_name' => 'Amira' ) );
		$_GET['key']           = self::KEY;
		$this->assertSame( array(), self::calls( $this->page() ), 'nothing on other pages' );
	}

	public function test_ok_signed_in_customer_facts_in_major_units() {
		$this->sign_in(
			array(
				'first_name'  => 'Ana',
				'order_count' => 3,
				'total_spent' => '120.5',
			)
		);
		$html = $this->page();
		$this->assertSame(
			array(
				array(
					'first_name'   => 'Ana',
					'orders_count' => 3,
					'total_spent'  => 120.5,
					'currency'     => 'EUR',
				),
			),
			self::identifies( $html )
		);
		// The widget reads total_spent as an amount of the currency (120.5 → 12050 cents),
		// like a GA4 value: src/engine/event/track.rs from_identify.
		$this->assertStringContainsString( '"total_spent":120.5', $html );
		$this->assertStringContainsString( '"orders_count":3', $html );
	}

	public function test_ok_new_customer_and_billing_name_fallback() {
		$this->sign_in( array( 'billing_first_name' => ' Zoë ' ) );
		$this->assertSame(
			array(
				'first_name'   => 'Zoë',
				'orders_count' => 0,
				'total_spent'  => 0,
				'currency'     => 'EUR',
			),
			self::identifies( $this->page() )[0]
		);
		$this->assertSame( array(), WC_Stub::$queries, 'no order query for a customer without orders' );
	}

	public function test_ok_hostile_first_names_reach_the_widget_as_typed() {
		$names = array(
			'</script><script>alert(1)</script>',
			"O'Brien \"Bob\" & <b>Sons</b>",
			"<!--<script>",
			"\u{202E}ana\u{202C} \u{05D3}\u{05E0}\u{05D4}",
			"محمد\u{2028}\u{2029}x",
			']]></script>${alert(1)}`',
		);
		foreach ( $names as $name ) {
			$this->sign_in( array( 'first_name' => $name ) );
			$html = $this->page();
			$this->assertSame( $name, self::identifies( $html )[0]['first_name'] );
			$this->assertSame( substr_count( $html, '<script' ), substr_count( $html, '</script' ), $name );
			$this->assertStringNotContainsString( '<!--', $html );
			$queued = $this->run_in_node( $html );
			$this->assertSame( array( 'identify', self::identifies( $html )[0] ), $queued[0], $name );
		}
	}

	public function test_ok_unusable_names_are_left_out_not_sent_empty() {
		// The widget refuses a whole identify call whose first_name is empty after cleaning.
		foreach ( array( '', '   ', "\u{3000}\t", "\u{0000}\u{0007}\u{009F}", "\xC3\x28" ) as $name ) {
			$this->sign_in( array( 'first_name' => $name, 'order_count' => 1 ) );
			$facts = self::identifies( $this->page() )[0];
			$this->assertArrayNotHasKey( 'first_name', $facts, bin2hex( $name ) );
			$this->assertSame( 1, $facts['orders_count'] );
		}
		$this->sign_in( array( 'first_name' => "An\u{0000}a\u{0085}" ) );
		$this->assertSame( 'Ana', self::identifies( $this->page() )[0]['first_name'] );
		$this->sign_in( array( 'first_name' => str_repeat( 'é', 250 ) ) );
		$this->assertSame( str_repeat( 'é', 200 ), self::identifies( $this->page() )[0]['first_name'] );
	}

	public function test_ok_purchase_comes_before_identify_on_the_order_received_page() {
		// The facts' order count already includes the new order; the widget adds orders
		// recorded after an identify on top of its count, so the purchase must come first.
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 1, 'total_spent' => '59.90' ) );
		foreach ( array( true, false ) as $hook ) {
			$calls = self::calls( $this->order_received( $this->order( array( 'first_name' => 'Billing' ) ), null, $hook ) );
			$this->assertSame( array( 'track', 'identify' ), array_column( $calls, 0 ), $hook ? 'hook' : 'footer' );
			$this->assertSame( 'Ana', $calls[1][1]['first_name'], 'the customer\'s facts, not the billing name' );
			$this->assertSame( 1, $calls[1][1]['orders_count'] );
		}
	}

	public function test_ok_printed_once_when_the_footer_runs_twice() {
		$this->sign_in( array( 'first_name' => 'Ana' ) );
		$this->plugin();
		ob_start();
		do_action( 'wp_footer' );
		do_action( 'wp_footer' );
		$this->assertCount( 1, self::identifies( (string) ob_get_clean() ) );
	}

	public function test_ok_identify_can_be_switched_off() {
		$this->set_settings( array( 'identify' => '0' ) );
		$this->sign_in( array( 'first_name' => 'Ana' ) );
		$html = $this->order_received( $this->order() );
		$this->assertSame( array(), self::identifies( $html ) );
		$this->assertCount( 1, self::purchases( $html ) );
	}

	public function test_err_unknown_customer_or_currency() {
		WP_Stub::$user = 99;
		$this->assertSame( array(), self::identifies( $this->page() ), 'WC_Customer throws for an unknown id' );
		$this->sign_in( array( 'first_name' => 'Ana' ) );
		add_filter(
			'woocommerce_currency',
			static function () {
				return 'BTC1';
			}
		);
		$this->assertArrayNotHasKey( 'currency', self::identifies( $this->page() )[0] );
	}

	public function test_ok_first_order_at_from_the_first_paid_order_then_cached() {
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 3 ) );
		WC_Stub::$orders = array(
			1 => new WC_Order( array( 'id' => 1, 'customer_id' => 7, 'status' => 'failed', 'date_created' => new WC_DateTime( '2023-01-05T08:00:00Z' ) ) ),
			2 => new WC_Order( array( 'id' => 2, 'customer_id' => 7, 'status' => 'completed', 'date_created' => new WC_DateTime( '2023-03-01T11:30:00+02:00' ) ) ),
			3 => new WC_Order( array( 'id' => 3, 'customer_id' => 7, 'status' => 'processing', 'date_created' => new WC_DateTime( '2024-06-01T10:00:00Z' ) ) ),
			4 => new WC_Order( array( 'id' => 4, 'customer_id' => 8, 'status' => 'completed', 'date_created' => new WC_DateTime( '2020-01-01T10:00:00Z' ) ) ),
		);
		$this->assertSame( '2023-03-01T09:30:00Z', self::identifies( $this->page() )[0]['first_order_at'] );
		$this->assertSame( 'ASC', WC_Stub::$queries[0]['order'] );
		$this->assertSame( array( 'processing', 'completed' ), WC_Stub::$queries[0]['status'] );
		$this->assertSame( '2023-03-01T09:30:00Z', self::identifies( $this->page() )[0]['first_order_at'] );
		$this->assertCount( 1, WC_Stub::$queries, 'the second page reads the user meta' );
	}

	public function test_ok_no_paid_order_is_queried_again_only_when_the_count_changes() {
		$this->sign_in( array( 'order_count' => 1 ) );
		WC_Stub::$orders = array( 1 => new WC_Order( array( 'id' => 1, 'customer_id' => 7, 'status' => 'on-hold' ) ) );
		$this->assertArrayNotHasKey( 'first_order_at', self::identifies( $this->page() )[0] );
		$this->page();
		$this->assertCount( 1, WC_Stub::$queries );
		$this->sign_in( array( 'order_count' => 2 ) );
		WC_Stub::$orders[2] = new WC_Order( array( 'id' => 2, 'customer_id' => 7, 'status' => 'processing', 'date_created' => new WC_DateTime( '2025-02-03T04:05:06Z' ) ) );
		$this->assertSame( '2025-02-03T04:05:06Z', self::identifies( $this->page() )[0]['first_order_at'] );
		$this->assertCount( 2, WC_Stub::$queries );
	}

	public function test_ok_facts_filter_adds_a_birthday_and_bad_values_are_dropped() {
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 2 ) );
		$birthday = '07-14';
		add_filter(
			'reciprocity_identify_facts',
			static function ( $facts, $customer ) use ( &$birthday ) {
				$facts['birthday'] = $birthday;
				$facts['email']    = 'ana@example.com';
				return $facts;
			},
			10,
			2
		);
		$facts = self::identifies( $this->page() )[0];
		$this->assertSame( '07-14', $facts['birthday'] );
		$this->assertArrayNotHasKey( 'email', $facts, 'only the facts the widget reads leave the server' );
		foreach ( array( '1990-07-14' => true, '02-29' => true, '02-30' => false, '13-01' => false, 'July 14' => false ) as $value => $kept ) {
			$birthday = $value;
			$facts    = self::identifies( $this->page() )[0];
			$this->assertSame( $kept, isset( $facts['birthday'] ), $value );
		}
	}

	public function test_ok_valid_facts_clamps_numbers() {
		$this->assertSame(
			array(
				'orders_count' => 0,
				'total_spent'  => 0.0,
			),
			Reciprocity_Order::valid_facts(
				array(
					'orders_count'   => -2,
					'total_spent'    => '-5.00',
					'first_order_at' => 'yesterday',
					'currency'       => 'eu',
				)
			)
		);
		$this->assertSame( array( 'orders_count' => 1000000 ), Reciprocity_Order::valid_facts( array( 'orders_count' => 5e9 ) ) );
	}
}
