<?php
/**
 * The settings page: what is stored, and how it is printed back.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

final class SettingsTest extends Reciprocity_TestCase {

	public function test_ok_sanitize_keeps_good_values() {
		$s = new Reciprocity_Settings();
		$this->assertSame(
			array(
				'base_url'       => 'https://cdn.example.com/reciprocity/',
				'config_url'     => '/reciprocity/config.json?v=2',
				'loader'         => 'elsewhere',
				'identify'       => '0',
				'transaction_id' => 'order_id',
			),
			$s->sanitize(
				array(
					'base_url'       => '  https://cdn.example.com/reciprocity/ ',
					'config_url'     => '/reciprocity/config.json?v=2',
					'loader'         => 'elsewhere',
					'transaction_id' => 'order_id',
					'extra'          => 'dropped',
				)
			)
		);
		$this->assertSame( array(), WP_Stub::$settings_errors );
	}

	public function test_err_sanitize_refuses_other_urls_and_values() {
		$s   = new Reciprocity_Settings();
		$bad = array( 'javascript:alert(1)', '//evil.example/x.js', '/\\evil.example', 'data:text/javascript,1', 'cdn.example.com/r/', 'https://cdn.example.com/"><script>', 'ftp://x/y' );
		foreach ( $bad as $url ) {
			$out = $s->sanitize(
				array(
					'base_url' => $url,
					'loader'   => 'everywhere',
					'identify' => '1',
				)
			);
			$this->assertSame( '', $out['base_url'], $url );
			$this->assertSame( 'plugin', $out['loader'] );
			$this->assertSame( 'auto', $out['transaction_id'] );
			$this->assertSame( '1', $out['identify'] );
		}
		$this->assertCount( count( $bad ), WP_Stub::$settings_errors );
		$this->assertSame( Reciprocity_Settings::defaults(), $s->sanitize( 'garbage' ) );
	}

	public function test_ok_stored_garbage_reads_as_defaults() {
		update_option( 'reciprocity_settings', 'not an array' );
		$s = new Reciprocity_Settings();
		$this->assertSame( Reciprocity_Settings::defaults(), $s->all() );
		$this->assertFalse( $s->active() );
		update_option( 'reciprocity_settings', array( 'base_url' => array( 'x' ), 'loader' => null ) );
		$this->assertSame( Reciprocity_Settings::defaults(), $s->all() );
	}

	public function test_ok_sanitize_twice_changes_nothing() {
		// WordPress runs the callback again when add_option() stores a new option.
		$s    = new Reciprocity_Settings();
		$once = $s->sanitize(
			array(
				'base_url'       => 'https://cdn.example.com/r/',
				'loader'         => 'elsewhere',
				'transaction_id' => 'order_number',
			)
		);
		$this->assertSame( $once, $s->sanitize( $once ) );
		$this->assertSame( '0', $once['identify'], 'an unticked checkbox is not sent' );
	}

	public function test_ok_registered_through_the_settings_api() {
		WP_Stub::$admin = true;
		$this->plugin();
		do_action( 'admin_menu' );
		do_action( 'admin_init' );
		$this->assertSame( 'manage_options', WP_Stub::$pages['reciprocity']['capability'] );
		$reg = WP_Stub::$registered['reciprocity_settings'];
		$this->assertSame( 'reciprocity', $reg['group'] );
		$this->assertSame( Reciprocity_Settings::defaults(), $reg['default'] );
		$this->assertIsCallable( $reg['sanitize_callback'] );
		$this->assertSame(
			array( 'reciprocity_loader', 'reciprocity_base_url', 'reciprocity_config_url', 'reciprocity_identify', 'reciprocity_transaction_id' ),
			array_column( WP_Stub::$fields, 'id' )
		);
	}

	public function test_ok_page_escapes_stored_values() {
		WP_Stub::$admin = true;
		WP_Stub::$caps  = array( 'manage_options' );
		update_option(
			'reciprocity_settings',
			array(
				'base_url'       => 'https://cdn.example.com/"><script>alert(1)</script>',
				'transaction_id' => 'order_id',
			)
		);
		$this->plugin();
		do_action( 'admin_init' );
		$page = new Reciprocity_Settings();
		ob_start();
		$page->render_page();
		$html = (string) ob_get_clean();
		$this->assertStringNotContainsString( '<script>', $html );
		$this->assertStringContainsString( 'value="https://cdn.example.com/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"', $html );
		$this->assertStringContainsString( '<option value="order_id" selected="selected">', $html );
		$this->assertStringContainsString( 'name="reciprocity_settings[identify]" value="1" checked="checked"', $html );
		$this->assertStringContainsString( 'None: the order-received page hands the order over with the WooCommerce order number.', $html );
	}

	public function test_err_page_needs_the_capability() {
		$page = new Reciprocity_Settings();
		ob_start();
		$page->render_page();
		$this->assertSame( '', ob_get_clean() );
	}

	public function test_ok_page_lists_the_ga4_plugins_found() {
		$php = 'define("GTM4WP_VERSION", "1.20"); define("PYS_FREE_VERSION", "11.2");'
			. 'WP_Stub::$caps = array("manage_options");'
			. '(new Reciprocity_Settings())->render_page();';
		$code = 'require ' . var_export( __DIR__ . '/stubs/load.php', true ) . ';' . $php;
		$html = (string) shell_exec( escapeshellarg( PHP_BINARY ) . ' -r ' . escapeshellarg( $code ) . ' 2>&1' );
		$this->assertStringContainsString( '<li>GTM4WP: its purchase event uses the order number as transaction_id.</li>', $html );
		$this->assertStringContainsString( '<li>PixelYourSite: its purchase event uses the order ID as transaction_id.</li>', $html );
	}
}
