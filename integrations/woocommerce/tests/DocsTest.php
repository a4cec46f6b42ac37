<?php
/**
 * The install guides' code: every PHP block lints, every XML and JSON block parses, every
 * script compiles, and the BigCommerce and Tag Manager scripts do what their guide says
 * when run against a stubbed browser.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class DocsTest extends Reciprocity_TestCase {

	const GUIDES = array( 'README.md', 'woocommerce.md', 'gtm.md', 'bigcommerce.md', 'magento.md', 'ga4-datalayer.md' );

	/** The fenced blocks of a language in a guide. */
	private static function blocks( $guide, $lang ) {
		$text = file_get_contents( RECIPROCITY_REPO . '/docs/install/' . $guide );
		preg_match_all( '/^( *)```' . preg_quote( $lang, '/' ) . '\n(.*?)^\1```$/ms', $text, $m, PREG_SET_ORDER );
		return array_map(
			static function ( $b ) {
				// Blocks inside list items are indented; take the indent off.
				return preg_replace( '/^' . $b[1] . '/m', '', $b[2] );
			},
			$m
		);
	}

	/** Runs node on a file of tests/ with JSON on stdin; returns [exit code, stdout]. */
	private function node( $script, $input ) {
		$node = trim( (string) shell_exec( 'command -v node 2>/dev/null' ) );
		if ( '' === $node ) {
			$this->markTestSkipped( 'node is not installed' );
		}
		$proc = proc_open( array( $node, __DIR__ . '/' . $script ), array( array( 'pipe', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ), $pipes );
		fwrite( $pipes[0], json_encode( $input ) );
		fclose( $pipes[0] );
		$out = stream_get_contents( $pipes[1] );
		$err = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		return array( proc_close( $proc ), $out . $err );
	}

	public function test_ok_php_blocks_lint() {
		$count = 0;
		foreach ( self::GUIDES as $guide ) {
			foreach ( self::blocks( $guide, 'php' ) as $i => $code ) {
				$file = tempnam( sys_get_temp_dir(), 'guide' );
				file_put_contents( $file, ( 0 === strpos( $code, '<?php' ) ? '' : "<?php\n" ) . $code );
				exec( escapeshellarg( PHP_BINARY ) . ' -l ' . escapeshellarg( $file ) . ' 2>&1', $out, $code_ );
				unlink( $file );
				$this->assertSame( 0, $code_, "$guide php block $i: " . implode( "\n", $out ) );
				$count++;
			}
		}
		$this->assertGreaterThanOrEqual( 6, $count );
	}

	public function test_ok_xml_and_json_blocks_parse() {
		$count = 0;
		foreach ( self::GUIDES as $guide ) {
			foreach ( self::blocks( $guide, 'xml' ) as $i => $xml ) {
				$doc = new DOMDocument();
				$this->assertTrue( @$doc->loadXML( $xml ), "$guide xml block $i" );
				$count++;
			}
			foreach ( self::blocks( $guide, 'json' ) as $i => $json ) {
				json_decode( $json, true, 512, JSON_THROW_ON_ERROR );
				$count++;
			}
		}
		$this->assertSame( 5, $count, 'magento.md: four XML files; bigcommerce.md: one Scripts API body' );
	}

	public function test_ok_script_blocks_compile() {
		$scripts = array();
		foreach ( self::GUIDES as $guide ) {
			foreach ( self::blocks( $guide, 'js' ) as $js ) {
				$scripts[] = $js;
			}
			foreach ( self::blocks( $guide, 'html' ) as $html ) {
				preg_match_all( '#<script\b([^>]*)>(.*?)</script>#s', $html, $m, PREG_SET_ORDER );
				foreach ( $m as $s ) {
					if ( ! preg_match( '/\ssrc=/', $s[1] ) ) {
						// Tag Manager and Script Manager put their variables in {{…}}.
						$scripts[] = preg_replace( '/\{\{[^}]*\}\}/', 'undefined', $s[2] );
					}
				}
			}
		}
		$this->assertGreaterThanOrEqual( 15, count( $scripts ) );
		list( $code, $out ) = $this->node( 'check-scripts.mjs', $scripts );
		$this->assertSame( 0, $code, $out );
	}

	public function test_ok_loader_tags_follow_the_embed_contract() {
		foreach ( self::GUIDES as $guide ) {
			foreach ( array_merge( self::blocks( $guide, 'html' ), self::blocks( $guide, 'json' ) ) as $block ) {
				$block = stripslashes( $block );
				preg_match_all( '#<script\b[^>]*\ssrc="[^"]*reciprocity\.js"[^>]*>#', $block, $m );
				foreach ( $m[0] as $tag ) {
					$this->assertMatchesRegularExpression( '/\sasync\b/', $tag, "$guide: $tag" );
					$this->assertMatchesRegularExpression( '/\sdata-config="[^"]+"/', $tag, "$guide: $tag" );
				}
			}
		}
	}

	/** The BigCommerce guide's order confirmation script. */
	private static function bigcommerce_script() {
		foreach ( self::blocks( 'bigcommerce.md', 'html' ) as $html ) {
			if ( false !== strpos( $html, '/api/storefront/orders/' ) && preg_match( '#<script>(.*)</script>#s', $html, $m ) ) {
				return $m[1];
			}
		}
		return '';
	}

	public function test_ok_bigcommerce_script_hands_the_order_over() {
		$order = array(
			'orderId'        => 118,
			'currency'       => array( 'code' => 'USD' ),
			'orderAmount'    => 64.5,
			'billingAddress' => array( 'firstName' => ' Amira ' ),
			'lineItems'      => array(
				'physicalItems' => array(
					array( 'productId' => 77, 'name' => '</script> Teapot "Kyūsu"', 'salePrice' => 38, 'quantity' => 1, 'categories' => array( 'Tea ware' ) ),
				),
				'digitalItems'  => array(
					array( 'productId' => 78, 'name' => 'Brewing guide', 'salePrice' => 5.25, 'quantity' => 2 ),
				),
			),
		);
		$code = self::bigcommerce_script();
		$this->assertNotSame( '', $code );
		list( $exit, $out ) = $this->node(
			'run-guide-script.mjs',
			array(
				'code'     => $code,
				'pathname' => '/checkout/order-confirmation/118',
				'order'    => $order,
			)
		);
		$this->assertSame( 0, $exit, $out );
		$run = json_decode( $out, true );
		$this->assertSame( '/api/storefront/orders/118', $run['fetched'][0][0] );
		$this->assertSame( array( 'credentials' => 'same-origin' ), $run['fetched'][0][1] );
		$this->assertSame(
			array(
				array(
					'track',
					'purchase',
					array(
						'transaction_id' => '118',
						'value'          => 64.5,
						'currency'       => 'USD',
						'items'          => array(
							array( 'item_id' => '77', 'item_name' => '</script> Teapot "Kyūsu"', 'item_category' => 'Tea ware', 'price' => 38, 'quantity' => 1 ),
							array( 'item_id' => '78', 'item_name' => 'Brewing guide', 'price' => 5.25, 'quantity' => 2 ),
						),
					),
				),
				array( 'identify', array( 'first_name' => 'Amira' ) ),
			),
			$run['queued']
		);

		// Script Manager's {{checkout.order.id}} rendered, on a URL without the id.
		list( , $out ) = $this->node(
			'run-guide-script.mjs',
			array(
				'code'     => str_replace( '{{checkout.order.id}}', '118', $code ),
				'pathname' => '/checkout/order-confirmation',
				'order'    => $order,
			)
		);
		$this->assertSame( '/api/storefront/orders/118', json_decode( $out, true )['fetched'][0][0] );

		// No order: nothing fetched; an answer that is not an order: nothing queued.
		list( , $out ) = $this->node( 'run-guide-script.mjs', array( 'code' => $code, 'pathname' => '/checkout', 'order' => $order ) );
		$this->assertSame( array(), json_decode( $out, true )['fetched'] );
		list( , $out ) = $this->node( 'run-guide-script.mjs', array( 'code' => $code, 'pathname' => '/checkout/order-confirmation/5', 'order' => null ) );
		$this->assertSame( array(), json_decode( $out, true )['queued'] );
	}

	public function test_ok_gtm_tag_adds_the_loader_once() {
		$code = '';
		foreach ( self::blocks( 'gtm.md', 'html' ) as $html ) {
			if ( false !== strpos( $html, "createElement('script')" ) && preg_match( '#<script>(.*)</script>#s', $html, $m ) ) {
				$code = $m[1];
				break;
			}
		}
		$this->assertNotSame( '', $code );
		list( $exit, $out ) = $this->node( 'run-guide-script.mjs', array( 'code' => $code, 'runs' => 2 ) );
		$this->assertSame( 0, $exit, $out );
		$this->assertSame(
			array(
				array(
					'tag'        => 'SCRIPT',
					'id'         => 'reciprocity-js',
					'src'        => 'https://cdn.example.com/reciprocity/reciprocity.js',
					'async'      => true,
					'attributes' => array( 'data-config' => 'https://cdn.example.com/reciprocity/config.json' ),
				),
			),
			json_decode( $out, true )['appended']
		);
	}

	public function test_ok_gtm_identify_tag_leaves_out_what_it_does_not_know() {
		$code = '';
		foreach ( self::blocks( 'gtm.md', 'html' ) as $html ) {
			if ( false !== strpos( $html, "'identify'" ) && preg_match( '#<script>(.*)</script>#s', $html, $m ) ) {
				$code = $m[1];
			}
		}
		$this->assertNotSame( '', $code );
		$cases = array(
			array( array( 'true', "' Ana '", '3', '120.5' ), array( array( 'identify', array( 'orders_count' => 3, 'total_spent' => 120.5, 'first_name' => 'Ana' ) ) ) ),
			array( array( "'yes'", "''", "'2'", "'0'" ), array( array( 'identify', array( 'orders_count' => 2, 'total_spent' => 0 ) ) ) ),
			array( array( 'false', "'Guest'", '0', '0' ), array() ),
			array( array( 'undefined', 'undefined', 'undefined', 'undefined' ), array() ),
		);
		foreach ( $cases as $case ) {
			$js = $code;
			foreach ( array( 'signed in', 'first name', 'orders', 'total spent' ) as $i => $var ) {
				$js = str_replace( '{{DLV - customer ' . $var . '}}', $case[0][ $i ], $js );
			}
			$this->assertStringNotContainsString( '{{', $js );
			list( , $out ) = $this->node( 'run-guide-script.mjs', array( 'code' => $js ) );
			$this->assertSame( $case[1], json_decode( $out, true )['queued'], implode( ',', $case[0] ) );
		}
	}

	public function test_ok_guides_link_to_guides_that_exist() {
		foreach ( self::GUIDES as $guide ) {
			preg_match_all( '/\]\(([a-z0-9-]+\.md)(#[a-z0-9-]+)?\)/', file_get_contents( RECIPROCITY_REPO . '/docs/install/' . $guide ), $m );
			foreach ( $m[1] as $target ) {
				$this->assertFileExists( RECIPROCITY_REPO . '/docs/install/' . $target, "$guide links to $target" );
			}
		}
		$index = file_get_contents( RECIPROCITY_REPO . '/docs/install/README.md' );
		foreach ( array( 'shopify.md', 'woocommerce.md', 'gtm.md', 'bigcommerce.md', 'magento.md', 'ga4-datalayer.md' ) as $g ) {
			$this->assertStringContainsString( "]($g)", $index );
		}
	}
}
