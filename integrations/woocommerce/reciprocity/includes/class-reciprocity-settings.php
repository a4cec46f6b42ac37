<?php
/**
 * The plugin's settings (Settings → Reciprocity), stored in one option.
 *
 * @package Reciprocity
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads, cleans and edits the option `reciprocity_settings`.
 */
final class Reciprocity_Settings {

	/** The option holding every setting. */
	const OPTION = 'reciprocity_settings';

	/** The settings group and the admin page slug. */
	const PAGE = 'reciprocity';

	/**
	 * Every setting with its default.
	 *
	 * - `base_url`: the folder that holds the built widget (`dist/`), or the URL of its
	 *   `reciprocity.js`.
	 * - `config_url`: the widget's JSON config; empty means `config.json` in that folder.
	 * - `loader`: `plugin` (this plugin adds the script tag) or `elsewhere` (a tag manager
	 *   loads the widget; the plugin only queues `identify` and the purchase for it).
	 * - `identify`: `1` to tell the widget about a signed-in customer.
	 * - `transaction_id`: `auto`, `order_number` or `order_id`, the form of the purchase's
	 *   `transaction_id` (see Reciprocity_Order::id_form()).
	 *
	 * @return array<string, string>
	 */
	public static function defaults() {
		return array(
			'base_url'       => '',
			'config_url'     => '',
			'loader'         => 'plugin',
			'identify'       => '1',
			'transaction_id' => 'auto',
		);
	}

	/**
	 * The stored settings over the defaults (unknown keys dropped).
	 *
	 * @return array<string, string>
	 */
	public function all() {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? array_filter( array_intersect_key( $stored, self::defaults() ), 'is_scalar' ) : array();
		return array_map( 'strval', array_merge( self::defaults(), $stored ) );
	}

	/**
	 * One setting.
	 *
	 * @param string $key A key of defaults().
	 * @return string
	 */
	public function get( $key ) {
		$all = $this->all();
		return isset( $all[ $key ] ) ? $all[ $key ] : '';
	}

	/**
	 * Whether this plugin adds the widget's script tag (it does once the widget's URL is set).
	 *
	 * @return bool
	 */
	public function loads_widget() {
		return 'plugin' === $this->get( 'loader' ) && '' !== $this->get( 'base_url' );
	}

	/**
	 * Whether the plugin does anything on the storefront: it loads the widget, or the widget
	 * is loaded elsewhere and the plugin only queues calls for it.
	 *
	 * @return bool
	 */
	public function active() {
		return $this->loads_widget() || 'elsewhere' === $this->get( 'loader' );
	}

	/**
	 * The URL of `reciprocity.js`.
	 *
	 * @return string
	 */
	public function script_url() {
		$base = $this->get( 'base_url' );
		if ( '' === $base || preg_match( '#\.js$#i', (string) strtok( $base, '?#' ) ) ) {
			return $base;
		}
		return trailingslashit( $base ) . 'reciprocity.js';
	}

	/**
	 * The config URL for `data-config`: the setting, or `config.json` beside the script.
	 *
	 * @return string
	 */
	public function config_url() {
		$config = $this->get( 'config_url' );
		if ( '' !== $config ) {
			return $config;
		}
		$script = $this->script_url();
		if ( '' === $script ) {
			return '';
		}
		$path = (string) strtok( $script, '?#' );
		return substr( $path, 0, (int) strrpos( $path, '/' ) + 1 ) . 'config.json';
	}

	/**
	 * Cleans what the settings form sent (the option's sanitize callback).
	 *
	 * @param mixed $input The submitted values.
	 * @return array<string, string>
	 */
	public function sanitize( $input ) {
		$out = self::defaults();
		if ( ! is_array( $input ) ) {
			return $out;
		}
		foreach ( array( 'base_url', 'config_url' ) as $key ) {
			$out[ $key ] = isset( $input[ $key ] ) ? self::clean_url( $input[ $key ], $key ) : '';
		}
		$pick = static function ( $key, $allowed ) use ( $input, $out ) {
			$value = isset( $input[ $key ] ) && is_string( $input[ $key ] ) ? $input[ $key ] : '';
			return in_array( $value, $allowed, true ) ? $value : $out[ $key ];
		};
		$out['loader']         = $pick( 'loader', array( 'plugin', 'elsewhere' ) );
		$out['transaction_id'] = $pick( 'transaction_id', array( 'auto', 'order_number', 'order_id' ) );
		$out['identify']       = empty( $input['identify'] ) ? '0' : '1';
		return $out;
	}

	/**
	 * An `https://` or `http://` URL, or a path on this site (`/reciprocity/`); anything else
	 * (`javascript:`, `//host`, a bare word) is refused with a notice and stored empty.
	 *
	 * @param mixed  $url The submitted value.
	 * @param string $key The setting, for the notice.
	 * @return string
	 */
	public static function clean_url( $url, $key ) {
		$url = is_string( $url ) ? trim( $url ) : '';
		if ( '' === $url ) {
			return '';
		}
		if ( ! preg_match( '#^(https?://[^/\s?\#]+|/(?![/\\\\]))[^\s<>"\'`]*$#i', $url ) ) {
			add_settings_error(
				self::OPTION,
				'reciprocity_' . $key,
				__( 'Use an address that starts with https:// (or a path on this site that starts with /).', 'reciprocity' )
			);
			return '';
		}
		return esc_url_raw( $url, array( 'http', 'https' ) );
	}

	/**
	 * Hooks the settings page into the admin.
	 */
	public function register() {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_init', array( $this, 'register_fields' ) );
	}

	/**
	 * Settings → Reciprocity.
	 */
	public function add_page() {
		add_options_page(
			__( 'Reciprocity', 'reciprocity' ),
			__( 'Reciprocity', 'reciprocity' ),
			'manage_options',
			self::PAGE,
			array( $this, 'render_page' )
		);
	}

	/**
	 * The option and its fields, through the Settings API.
	 */
	public function register_fields() {
		register_setting(
			self::PAGE,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => self::defaults(),
			)
		);
		add_settings_section( 'reciprocity_widget', __( 'Widget', 'reciprocity' ), '__return_false', self::PAGE );
		$fields = array(
			'loader'         => __( 'Loaded by', 'reciprocity' ),
			'base_url'       => __( 'Widget folder URL', 'reciprocity' ),
			'config_url'     => __( 'Config URL', 'reciprocity' ),
			'identify'       => __( 'Signed-in customers', 'reciprocity' ),
			'transaction_id' => __( 'Order id sent as transaction_id', 'reciprocity' ),
		);
		foreach ( $fields as $key => $label ) {
			add_settings_field(
				'reciprocity_' . $key,
				$label,
				array( $this, 'render_field' ),
				self::PAGE,
				'reciprocity_widget',
				array(
					'key'       => $key,
					'label_for' => 'reciprocity_' . $key,
				)
			);
		}
	}

	/**
	 * The settings page.
	 */
	public function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		echo '<form action="options.php" method="post">';
		settings_fields( self::PAGE );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';
		$found = Reciprocity_Order::detected_plugins();
		echo '<h2>' . esc_html__( 'Analytics plugins found', 'reciprocity' ) . '</h2><ul>';
		if ( array() === $found ) {
			echo '<li>' . esc_html__( 'None: the order-received page hands the order over with the WooCommerce order number.', 'reciprocity' ) . '</li>';
		}
		foreach ( $found as $name => $form ) {
			/* translators: 1: a plugin's name, 2: "order number" or "order ID". */
			$line = sprintf( __( '%1$s: its purchase event uses the %2$s as transaction_id.', 'reciprocity' ), $name, self::form_label( $form ) );
			echo '<li>' . esc_html( $line ) . '</li>';
		}
		echo '</ul></div>';
	}

	/**
	 * One field of the form.
	 *
	 * @param array<string, string> $args `key` is the setting.
	 */
	public function render_field( $args ) {
		$key  = isset( $args['key'] ) ? (string) $args['key'] : '';
		$id   = 'reciprocity_' . $key;
		$name = self::OPTION . '[' . $key . ']';
		$val  = $this->get( $key );
		switch ( $key ) {
			case 'base_url':
			case 'config_url':
				printf(
					'<input type="url" class="regular-text code" id="%1$s" name="%2$s" value="%3$s" />',
					esc_attr( $id ),
					esc_attr( $name ),
					esc_attr( $val )
				);
				$help = 'base_url' === $key
					? __( 'The folder where you host the contents of dist/ (for example https://cdn.example.com/reciprocity/), or the URL of its reciprocity.js.', 'reciprocity' )
					: __( 'The JSON config of your gestures. Empty: config.json in the widget folder.', 'reciprocity' );
				echo '<p class="description">' . esc_html( $help ) . '</p>';
				break;
			case 'loader':
				self::select(
					$id,
					$name,
					$val,
					array(
						'plugin'    => __( 'This plugin (adds the script tag on every page)', 'reciprocity' ),
						'elsewhere' => __( 'Google Tag Manager or the theme (this plugin only passes the customer and the order)', 'reciprocity' ),
					)
				);
				break;
			case 'identify':
				printf(
					'<label><input type="checkbox" id="%1$s" name="%2$s" value="1"%3$s /> %4$s</label>',
					esc_attr( $id ),
					esc_attr( $name ),
					'1' === $val ? ' checked="checked"' : '',
					esc_html__( 'Tell the widget the first name, order count, total spent and first order date of a signed-in customer.', 'reciprocity' )
				);
				break;
			case 'transaction_id':
				self::select(
					$id,
					$name,
					$val,
					array(
						/* translators: %s: "order number" or "order ID". */
						'auto'         => sprintf( __( 'Automatic: as your analytics plugin does (now: %s)', 'reciprocity' ), self::form_label( Reciprocity_Order::detected_form() ) ),
						'order_number' => __( 'Order number', 'reciprocity' ),
						'order_id'     => __( 'Order ID', 'reciprocity' ),
					)
				);
				echo '<p class="description">' . esc_html__( 'The widget counts a purchase once per transaction_id. Use the form your GA4 plugin uses, so that its purchase event and this plugin\'s are one order.', 'reciprocity' ) . '</p>';
				break;
		}
	}

	/**
	 * A `<select>` with escaped options.
	 *
	 * @param string                $id      Element id.
	 * @param string                $name    Field name.
	 * @param string                $current Selected value.
	 * @param array<string, string> $options Value => label.
	 */
	private static function select( $id, $name, $current, $options ) {
		printf( '<select id="%1$s" name="%2$s">', esc_attr( $id ), esc_attr( $name ) );
		foreach ( $options as $value => $label ) {
			printf(
				'<option value="%1$s"%2$s>%3$s</option>',
				esc_attr( $value ),
				(string) $value === $current ? ' selected="selected"' : '',
				esc_html( $label )
			);
		}
		echo '</select>';
	}

	/**
	 * "order number" or "order ID".
	 *
	 * @param string $form `order_number` or `order_id`.
	 * @return string
	 */
	private static function form_label( $form ) {
		return 'order_id' === $form ? __( 'order ID', 'reciprocity' ) : __( 'order number', 'reciprocity' );
	}
}
