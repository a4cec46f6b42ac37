<?php
/**
 * The widget's script tag and the queue stub.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class LoaderTest extends Reciprocity_TestCase {

	public function test_ok_script_tag_is_async_with_data_config_after_the_stub() {
		$html = $this->page();
		$tag  = self::loader_tag( $html );
		$this->assertSame(
			'<script data-config="https://cdn.example.com/reciprocity/config.json" src="https://cdn.example.com/reciprocity/reciprocity.js" id="reciprocity-js" async data-wp-strategy="async">',
			$tag,
			'WordPress 6.3+ prints async itself: only data-config is added'
		);
		$this->assertSame( 1, substr_count( $html, 'reciprocity.js' ) );
		$stub = strpos( $html, Reciprocity_Plugin::STUB );
		$this->assertNotFalse( $stub, 'the queue stub is printed' );
		$this->assertLessThan( strpos( $html, $tag ), $stub, 'the stub comes before the loader' );
		$this->assertStringContainsString( '<script id="reciprocity-js-before">', $html );
	}

	public function test_ok_older_wordpress_gets_async_from_the_filter() {
		WP_Stub::$version = '5.9';
		$tag = self::loader_tag( $this->page() );
		$this->assertSame(
			"<script async data-config=\"https://cdn.example.com/reciprocity/config.json\" type='text/javascript' src='https://cdn.example.com/reciprocity/reciprocity.js' id='reciprocity-js'>",
			$tag
		);
	}

	public function test_ok_enqueued_without_version_query_in_the_head() {
		$this->plugin();
		do_action( 'wp_enqueue_scripts' );
		$s = WP_Stub::$scripts['reciprocity'];
		$this->assertNull( $s['ver'], 'no ?ver= on a file the store hosts itself' );
		$this->assertSame( array(), $s['deps'] );
		$this->assertSame(
			array(
				'strategy'  => 'async',
				'in_footer' => false,
			),
			$s['args']
		);
		$this->assertSame( array( Reciprocity_Plugin::STUB ), WP_Stub::$inline['reciprocity']['before'] );
	}

	public function test_ok_stub_is_the_embed_contract_stub() {
		// PRODUCT.md section 1 (a statement's closing semicolon aside).
		$contract = 'window.reciprocity = window.reciprocity || function () { (window.reciprocity.q = window.reciprocity.q || []).push(arguments); };';
		$norm     = static function ( $js ) {
			return str_replace( ';}', '}', preg_replace( '/\s+/', '', $js ) );
		};
		$this->assertSame( $norm( $contract ), $norm( Reciprocity_Plugin::STUB ) );
	}

	public function test_ok_script_url_from_a_folder_or_a_file() {
		$cases = array(
			'https://cdn.example.com/reciprocity'                => array( 'https://cdn.example.com/reciprocity/reciprocity.js', 'https://cdn.example.com/reciprocity/config.json' ),
			'/reciprocity/'                                      => array( '/reciprocity/reciprocity.js', '/reciprocity/config.json' ),
			'https://cdn.example.com/v2/reciprocity.js'          => array( 'https://cdn.example.com/v2/reciprocity.js', 'https://cdn.example.com/v2/config.json' ),
			'https://cdn.example.com/v2/reciprocity.js?build=42' => array( 'https://cdn.example.com/v2/reciprocity.js?build=42', 'https://cdn.example.com/v2/config.json' ),
		);
		foreach ( $cases as $base => $want ) {
			update_option( 'reciprocity_settings', array( 'base_url' => $base ) );
			$s = new Reciprocity_Settings();
			$this->assertSame( $want, array( $s->script_url(), $s->config_url() ), $base );
		}
	}

	public function test_ok_config_url_is_escaped_for_the_attribute() {
		$this->set_settings( array( 'config_url' => "https://shop.example/c.json?a=1&b=\"><script>alert(1)</script>" ) );
		$tag = self::loader_tag( $this->page() );
		$this->assertStringContainsString( 'data-config="https://shop.example/c.json?a=1&#038;b=scriptalert(1)/script"', $tag );
		$this->assertSame( 1, preg_match_all( '/<script\b/', $tag ) );
	}

	public function test_ok_existing_data_config_is_kept() {
		add_filter(
			'script_loader_tag',
			static function ( $tag ) {
				return str_replace( '<script src=', '<script data-config="/mine.json" src=', $tag );
			},
			5
		);
		$tag = self::loader_tag( $this->page() );
		$this->assertSame( 1, substr_count( $tag, 'data-config=' ) );
		$this->assertStringContainsString( 'data-config="/mine.json"', $tag );
	}

	public function test_ok_other_handles_untouched() {
		$plugin = $this->plugin();
		$tag    = "<script src='https://example.com/other.js' id='other-js'></script>\n";
		$this->assertSame( $tag, $plugin->script_tag( $tag, 'other', 'https://example.com/other.js' ) );
	}

	public function test_ok_nothing_until_the_widget_url_is_set() {
		update_option( 'reciprocity_settings', array() );
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 2 ) );
		$html = $this->order_received( $this->order() );
		$this->assertStringNotContainsString( '<script', $html );
	}

	public function test_ok_loaded_elsewhere_queues_calls_without_a_tag() {
		update_option( 'reciprocity_settings', array( 'loader' => 'elsewhere' ) );
		$this->sign_in( array( 'first_name' => 'Ana', 'order_count' => 2 ) );
		$html = $this->order_received( $this->order() );
		$this->assertSame( '', self::loader_tag( $html ), 'Tag Manager adds the script tag' );
		$this->assertCount( 1, self::purchases( $html ) );
		$this->assertCount( 1, self::identifies( $html ) );
		$this->assertStringContainsString( Reciprocity_Plugin::STUB, $html );
	}

	public function test_ok_admin_hooks_only_in_the_admin() {
		$this->plugin();
		$this->assertFalse( has_action( 'admin_menu' ) );
		WP_Stub::reset();
		WP_Stub::$admin = true;
		$this->plugin();
		$this->assertNotFalse( has_action( 'admin_menu' ) );
		$this->assertNotFalse( has_action( 'admin_init' ) );
	}

	public function test_ok_main_file_registers_the_hooks() {
		require_once RECIPROCITY_PLUGIN_DIR . '/reciprocity.php';
		$this->assertNotFalse( has_action( 'wp_enqueue_scripts' ) );
		$this->assertSame( array( 10 ), self::priorities( 'script_loader_tag' ) );
		$this->assertSame( array( 20 ), self::priorities( 'woocommerce_thankyou' ) );
		$this->assertSame( array( 20 ), self::priorities( 'wp_footer' ) );
		$this->assertNotFalse( has_action( 'before_woocommerce_init' ) );
	}
}
