<?php
/**
 * What the plugin's tests share: fresh stubs, a store with the widget configured, a page
 * rendered the way WordPress renders one, and readers for the calls a page makes.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

abstract class Reciprocity_TestCase extends PHPUnit\Framework\TestCase {

	const BASE   = 'https://cdn.example.com/reciprocity/';
	const CONFIG = 'https://cdn.example.com/reciprocity/config.json';
	const KEY    = 'wc_order_5f1a2b3c4d5e6';

	/** Whether page() registers a fresh plugin for each page (the snippet's tests do not). */
	protected $register_plugin = true;

	protected function setUp(): void {
		WP_Stub::reset();
		WC_Stub::reset();
		$this->set_settings( array() );
	}

	/**
	 * Stores the plugin's settings over a configured widget.
	 *
	 * @param array $settings Settings to change.
	 */
	protected function set_settings( array $settings ) {
		update_option(
			'reciprocity_settings',
			$settings + array(
				'base_url'   => self::BASE,
				'config_url' => self::CONFIG,
			)
		);
	}

	/** The plugin, with its hooks added (page() adds its own for each page it renders). */
	protected function plugin() {
		$plugin = new Reciprocity_Plugin( new Reciprocity_Settings() );
		$plugin->register();
		return $plugin;
	}

	/**
	 * Renders a storefront page as WordPress does: `wp_enqueue_scripts` and the head's
	 * scripts, the body (where the order-received template fires `woocommerce_thankyou`, unless
	 * the theme's template dropped it), then `wp_footer`.
	 *
	 * @param array $o `thankyou` (order id the template passes), `hook` (the template fires
	 *                 woocommerce_thankyou), `order_received` (is_order_received_page()).
	 */
	protected function page( array $o = array() ) {
		$o += array(
			'thankyou'       => null,
			'hook'           => true,
			'order_received' => false,
		);
		// A new request: a fresh plugin over the hooks the test added, no scripts yet.
		$hooks                    = WP_Stub::$hooks;
		WP_Stub::$scripts         = array();
		WP_Stub::$inline          = array();
		WP_Stub::$actions_run     = array();
		WC_Stub::$order_received_page = $o['order_received'];
		if ( $this->register_plugin ) {
			$this->plugin();
		}
		ob_start();
		do_action( 'wp_enqueue_scripts' );
		echo '<!doctype html><html><head>' . wp_stub_print_scripts() . "</head><body>\n";
		if ( null !== $o['thankyou'] && $o['hook'] ) {
			do_action( 'woocommerce_thankyou', $o['thankyou'] );
		}
		do_action( 'wp_footer' );
		echo "</body></html>\n";
		WP_Stub::$hooks = $hooks;
		return (string) ob_get_clean();
	}

	/**
	 * The order-received page of an order: `/checkout/order-received/<id>/?key=<key>`.
	 *
	 * @param WC_Order    $order The order (stored in the stub).
	 * @param mixed       $key   The `key` in the URL; null: the order's own; false: none.
	 * @param bool        $hook  Whether the template fires woocommerce_thankyou.
	 */
	protected function order_received( $order, $key = null, $hook = true ) {
		WC_Stub::$orders[ $order->get_id() ]           = $order;
		$GLOBALS['wp']->query_vars['order-received'] = (string) $order->get_id();
		if ( false !== $key ) {
			$_GET['key'] = null === $key ? $order->get_order_key() : $key;
		}
		return $this->page(
			array(
				'thankyou'       => $order->get_id(),
				'hook'           => $hook,
				'order_received' => true,
			)
		);
	}

	/**
	 * An order like a real one: a variable hoodie in two sizes' worth and a mug, tax apart.
	 *
	 * @param array $d Fields to change.
	 */
	protected function order( array $d = array() ) {
		WP_Stub::$terms[11] = array(
			(object) array( 'term_id' => 7, 'name' => 'Hoodies', 'parent' => 5 ),
			(object) array( 'term_id' => 5, 'name' => 'Clothing', 'parent' => 0 ),
		);
		WP_Stub::$terms[21] = array( (object) array( 'term_id' => 9, 'name' => 'Kitchen &amp; Home', 'parent' => 0 ) );
		return new WC_Order(
			$d + array(
				'id'       => 4321,
				'key'      => self::KEY,
				'total'    => '59.90',
				'currency' => 'EUR',
				'items'    => array(
					new WC_Order_Item_Product(
						array(
							'id'           => 1,
							'name'         => 'Hoodie - Blue, L',
							'product_id'   => 11,
							'variation_id' => 12,
							'quantity'     => 2,
							'total'        => '40.00',
							'total_tax'    => '8.00',
						)
					),
					new WC_Order_Item_Fee(),
					new WC_Order_Item_Product(
						array(
							'id'         => 2,
							'name'       => 'Mug',
							'product_id' => 21,
							'quantity'   => 1,
							'total'      => '9.92',
							'total_tax'  => '1.98',
						)
					),
				),
			)
		);
	}

	/**
	 * Signs a customer in.
	 *
	 * @param array $d Customer data (first_name, billing_first_name, order_count, total_spent).
	 */
	protected function sign_in( array $d = array(), $id = 7 ) {
		WC_Stub::$customers[ $id ] = $d;
		WP_Stub::$user             = $id;
	}

	/**
	 * Every `window.reciprocity(...)` call the page's inline scripts make, in page order,
	 * each as its JSON-decoded arguments.
	 */
	protected static function calls( $html ) {
		preg_match_all( '#<script\b[^>]*>(.*?)</script#is', $html, $m );
		$calls = array();
		foreach ( $m[1] as $body ) {
			foreach ( explode( "\n", $body ) as $line ) {
				if ( preg_match( '/^window\.reciprocity\((.*)\);$/', trim( $line ), $c ) ) {
					$calls[] = json_decode( '[' . $c[1] . ']', true, 512, JSON_THROW_ON_ERROR );
				}
			}
		}
		return $calls;
	}

	/** The data of each `track('purchase', data)` call. */
	protected static function purchases( $html ) {
		$out = array();
		foreach ( self::calls( $html ) as $c ) {
			if ( 'track' === $c[0] && 'purchase' === $c[1] ) {
				$out[] = $c[2];
			}
		}
		return $out;
	}

	/** The facts of each `identify(facts)` call. */
	protected static function identifies( $html ) {
		$out = array();
		foreach ( self::calls( $html ) as $c ) {
			if ( 'identify' === $c[0] ) {
				$out[] = $c[1];
			}
		}
		return $out;
	}

	/** The priorities at which a hook has callbacks. */
	protected static function priorities( $hook ) {
		return array_keys( WP_Stub::$hooks[ $hook ] ?? array() );
	}

	/** The opening tag of the script element whose src is the widget's. */
	protected static function loader_tag( $html ) {
		return preg_match( '#<script\b[^>]*\ssrc=[^>]*>#i', $html, $m ) ? $m[0] : '';
	}

	/**
	 * Runs the page's inline scripts in Node, the way a browser would read them out of the
	 * HTML (a script ends at the first `</script`), and returns what they queued for the
	 * widget: `window.reciprocity.q` as arrays.
	 */
	protected function run_in_node( $html ) {
		$node = trim( (string) shell_exec( 'command -v node 2>/dev/null' ) );
		if ( '' === $node ) {
			$this->markTestSkipped( 'node is not installed' );
		}
		$proc = proc_open(
			array( $node, __DIR__ . '/run-inline-scripts.mjs' ),
			array(
				0 => array( 'pipe', 'r' ),
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes
		);
		fwrite( $pipes[0], $html );
		fclose( $pipes[0] );
		$out = stream_get_contents( $pipes[1] );
		$err = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$code = proc_close( $proc );
		$this->assertSame( 0, $code, "node: $err" );
		return json_decode( $out, true, 512, JSON_THROW_ON_ERROR );
	}
}
