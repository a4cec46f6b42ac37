<?php
/**
 * What the widget's engine makes of the plugin's order-received page, beside each GA4
 * plugin's push: replayed with `reciprocity simulate` (the native CLI, built by `cargo test`
 * before these tests run in `cargo xtask test`) and the example config. Skipped when the CLI
 * has not been built.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class EngineTest extends Reciprocity_TestCase {

	const NOW = '2026-11-22T10:00:00Z';
	const URL = 'https://shop.example/checkout/order-received/4321/?key=wc_order_5f1a2b3c4d5e6';

	/** The plugin's calls on the order-received page, as simulate history entries. */
	private function page_entries( $order ) {
		$entries = array();
		foreach ( self::calls( $this->order_received( $order ) ) as $call ) {
			$entries[] = 'track' === $call[0]
				? array( 'at' => self::NOW, 'track' => array( $call[1], $call[2] ) )
				: array( 'at' => self::NOW, 'identify' => $call[1] );
		}
		return $entries;
	}

	/** `reciprocity simulate` on a history; returns [gesture id, title, text, stderr]. */
	private function simulate( array $history ) {
		$cli = getenv( 'RECIPROCITY_CLI' ) ?: RECIPROCITY_REPO . '/target/debug/reciprocity';
		if ( ! is_executable( $cli ) ) {
			$this->markTestSkipped( 'the reciprocity CLI is not built (cargo build)' );
		}
		$file = tempnam( sys_get_temp_dir(), 'history' );
		file_put_contents( $file, json_encode( $history ) );
		$proc = proc_open(
			array( $cli, 'simulate', '--config', RECIPROCITY_REPO . '/www/config.example.json', '--history', $file, '--now', self::NOW, '--url', self::URL ),
			array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ),
			$pipes
		);
		$out = stream_get_contents( $pipes[1] );
		$err = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$code = proc_close( $proc );
		unlink( $file );
		$this->assertSame( 0, $code, $err );
		$g = json_decode( $out, true, 512, JSON_THROW_ON_ERROR )['gesture'];
		return array( $g['id'] ?? null, $g['title'] ?? null, $g['text'] ?? null, $err );
	}

	/** A customer whose two earlier orders the widget knows only from an earlier identify. */
	private static function earlier() {
		return array(
			array(
				'at'       => '2026-10-01T10:00:00Z',
				'identify' => array( 'first_name' => 'Ana', 'orders_count' => 2, 'total_spent' => 80, 'currency' => 'EUR' ),
			),
		);
	}

	private function third_order() {
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 3, 'total_spent' => '139.90' ) );
		return $this->order( array( 'number' => 'WC-1001' ) );
	}

	public function test_ok_third_order_milestone_from_the_plugin_alone() {
		$history = array_merge( self::earlier(), $this->page_entries( $this->third_order() ) );
		list( $id, $title ) = $this->simulate( $history );
		$this->assertSame( array( 'milestone-order', 'Your 3rd order. Thank you!' ), array( $id, $title ) );
	}

	public function test_ok_beside_gtm4wp_the_order_counts_once() {
		// GTM4WP pushes the purchase (order number) to the dataLayer, which the widget reads
		// before the calls queued by the page.
		$push    = array(
			'at'        => self::NOW,
			'dataLayer' => array(
				'event'     => 'purchase',
				'ecommerce' => array( 'transaction_id' => 'WC-1001', 'value' => 59.9, 'currency' => 'EUR', 'items' => array( array( 'item_id' => 11, 'item_name' => 'Hoodie', 'price' => 20, 'quantity' => 2 ) ) ),
			),
		);
		$history = array_merge( self::earlier(), array( $push ), $this->page_entries( $this->third_order() ) );
		list( $id, $title, , $err ) = $this->simulate( $history );
		$this->assertSame( array( 'milestone-order', 'Your 3rd order. Thank you!' ), array( $id, $title ) );
		$this->assertStringContainsString( 'transaction "WC-1001" is already recorded', $err );
	}

	public function test_ok_beside_google_analytics_for_woocommerce_the_order_counts_once() {
		// GA4WC 2.x: gtag('event', 'purchase', {transaction_id: <order ID as a number>}).
		$php  = 'define("WC_GOOGLE_ANALYTICS_INTEGRATION_VERSION", "2.1.7");'
			. 'echo json_encode(Reciprocity_Order::purchase(new WC_Order(array("id" => 4321, "number" => "WC-1001", "total" => "59.90")), "auto")["transaction_id"]);';
		$code = 'require ' . var_export( __DIR__ . '/stubs/load.php', true ) . ';' . $php;
		$id   = json_decode( (string) shell_exec( escapeshellarg( PHP_BINARY ) . ' -r ' . escapeshellarg( $code ) ) );
		$this->assertSame( '4321', $id );
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 3, 'total_spent' => '139.90' ) );
		$this->set_settings( array( 'transaction_id' => 'order_id' ) ); // what Automatic picks there
		$page    = $this->page_entries( $this->order( array( 'number' => 'WC-1001' ) ) );
		$gtag    = array(
			'at'   => self::NOW,
			'gtag' => array( 'event', 'purchase', array( 'transaction_id' => 4321, 'value' => 59.9, 'currency' => 'EUR', 'items' => array() ) ),
		);
		$history = array_merge( self::earlier(), array( $gtag ), $page );
		list( $gesture, $title, , $err ) = $this->simulate( $history );
		$this->assertSame( array( 'milestone-order', 'Your 3rd order. Thank you!' ), array( $gesture, $title ) );
		$this->assertStringContainsString( 'transaction "4321" is already recorded', $err );
	}

	public function test_ok_guest_is_thanked_by_name_for_what_was_bought() {
		$order = $this->order( array( 'first_name' => 'Amira' ) );
		list( $id, $title, $text ) = $this->simulate( $this->page_entries( $order ) );
		$this->assertSame( array( 'thanks-after-purchase', 'Thank you, Amira!' ), array( $id, $title ) );
		$this->assertStringContainsString( 'Hoodie - Blue, L', $text );
	}
}
