<?php
/**
 * The functions.php snippet of docs/install/woocommerce.md: the same page output as the
 * plugin for the cases that matter, and the guide shows it as tested.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class SnippetTest extends Reciprocity_TestCase {

	/** @var array the hooks the snippet added when it was loaded */
	private static $snippet_hooks;

	protected $register_plugin = false;

	public static function setUpBeforeClass(): void {
		WP_Stub::reset();
		require_once RECIPROCITY_SNIPPET;
		self::$snippet_hooks = WP_Stub::$hooks;
	}

	protected function setUp(): void {
		parent::setUp();
		WP_Stub::$hooks = self::$snippet_hooks;
	}

	protected function page( array $o = array() ) {
		unset( $GLOBALS['reciprocity_order_printed'] ); // a new request
		return parent::page( $o );
	}

	public function test_ok_guide_shows_the_snippet_as_tested() {
		$guide = file_get_contents( RECIPROCITY_REPO . '/docs/install/woocommerce.md' );
		$body  = preg_replace( '/^<\?php\n/', '', file_get_contents( RECIPROCITY_SNIPPET ) );
		$this->assertStringContainsString( "```php\n" . $body . "```\n", $guide );
	}

	public function test_ok_script_tag() {
		$html = $this->page();
		$this->assertSame(
			'<script data-config="https://cdn.example.com/reciprocity/config.json" src="https://cdn.example.com/reciprocity/reciprocity.js" id="reciprocity-js" async data-wp-strategy="async">',
			self::loader_tag( $html )
		);
		$this->assertLessThan( strpos( $html, 'reciprocity.js' ), strpos( $html, reciprocity_stub() ) );
		$this->assertSame( Reciprocity_Plugin::STUB, reciprocity_stub() );
		$this->assertSame( array(), self::calls( $html ) );
	}

	public function test_ok_purchase_once_from_either_hook_then_identify() {
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 1, 'total_spent' => '59.90' ) );
		foreach ( array( true, false ) as $hook ) {
			$html  = $this->order_received( $this->order(), null, $hook );
			$calls = self::calls( $html );
			$this->assertSame( array( 'track', 'identify' ), array_column( $calls, 0 ) );
			$this->assertSame(
				array(
					'transaction_id' => '4321',
					'value'          => 59.9,
					'currency'       => 'EUR',
					'items'          => array(
						array(
							'item_id'       => '11',
							'item_name'     => 'Hoodie - Blue, L',
							'price'         => 20,
							'quantity'      => 2,
							'item_category' => 'Clothing',
						),
						array(
							'item_id'       => '21',
							'item_name'     => 'Mug',
							'price'         => 9.92,
							'quantity'      => 1,
							'item_category' => 'Kitchen & Home',
						),
					),
				),
				$calls[0][2]
			);
			$this->assertSame(
				array(
					'orders_count' => 1,
					'total_spent'  => 59.9,
					'currency'     => 'EUR',
					'first_name'   => 'Ana',
				),
				$calls[1][1]
			);
		}
	}

	public function test_err_wrong_key_other_pages_and_failed_orders() {
		$this->assertSame( array(), self::purchases( $this->order_received( $this->order(), 'wc_order_0000000000000' ) ) );
		$this->assertSame( array(), self::purchases( $this->order_received( $this->order(), false ) ) );
		$this->assertSame( array(), self::purchases( $this->order_received( $this->order( array( 'status' => 'failed' ) ) ) ) );
		WC_Stub::$orders[4321] = $this->order();
		$_GET['key']           = self::KEY;
		$this->assertSame( array(), self::calls( $this->page() ) );
	}

	public function test_ok_hostile_names_stay_data() {
		$name = "</script><script>alert('x')</script>\u{202E}\"&";
		$this->sign_in( array( 'first_name' => $name ) );
		$order = $this->order( array( 'items' => array( new WC_Order_Item_Product( array( 'name' => $name, 'product_id' => 3 ) ) ) ) );
		$html  = $this->order_received( $order );
		$this->assertSame( substr_count( $html, '<script' ), substr_count( $html, '</script' ) );
		$queued = $this->run_in_node( $html );
		$this->assertSame( $name, $queued[0][2]['items'][0]['item_name'] );
		$this->assertSame( $name, $queued[1][1]['first_name'] );
		$this->sign_in( array( 'first_name' => " \u{0007} " ) );
		$this->assertArrayNotHasKey( 'first_name', self::identifies( $this->page() )[0] );
	}

	public function test_ok_guest_is_thanked_by_the_name_on_the_order() {
		$calls = self::calls( $this->order_received( $this->order( array( 'first_name' => 'Amira' ) ) ) );
		$this->assertSame( array( 'track', 'identify' ), array_column( $calls, 0 ) );
		$this->assertSame( array( 'first_name' => 'Amira' ), $calls[1][1] );
		$this->assertSame( array( 'track' ), array_column( self::calls( $this->order_received( $this->order() ) ), 0 ) );
	}
}
