<?php
/**
 * A small stand-in for the WordPress functions the plugin calls, written from their
 * documentation (developer.wordpress.org/reference). State lives in WP_Stub and is reset
 * before each test.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

define( 'ABSPATH', __DIR__ . '/' );
define( 'DAY_IN_SECONDS', 86400 );

/**
 * Everything the stubbed WordPress remembers.
 */
final class WP_Stub {
	/** @var array<string, array<int, array<int, array{0: callable, 1: int}>>> hook => priority => callbacks */
	public static $hooks = array();
	/** @var array<string, int> how often each action ran */
	public static $actions_run = array();
	/** @var array<string, mixed> */
	public static $options = array();
	/** @var array<int, array<string, mixed>> user id => key => value */
	public static $user_meta = array();
	/** @var array<string, array<string, mixed>> handle => src, deps, ver, args */
	public static $scripts = array();
	/** @var array<string, array<string, string[]>> handle => position => scripts */
	public static $inline = array();
	/** @var int */
	public static $user = 0;
	/** @var bool */
	public static $admin = false;
	/** @var string[] */
	public static $caps = array();
	/** @var array[] */
	public static $settings_errors = array();
	/** @var array<string, array> */
	public static $registered = array();
	/** @var array[] */
	public static $fields = array();
	/** @var array[] */
	public static $pages = array();
	/** @var array<int, object[]> product id => terms */
	public static $terms = array();
	/** @var string WordPress version the script printer imitates: '6.3' (or later) or '5.9'. */
	public static $version = '6.5';

	public static function reset() {
		self::$hooks           = array();
		self::$actions_run     = array();
		self::$options         = array();
		self::$user_meta       = array();
		self::$scripts         = array();
		self::$inline          = array();
		self::$user            = 0;
		self::$admin           = false;
		self::$caps            = array();
		self::$settings_errors = array();
		self::$registered      = array();
		self::$fields          = array();
		self::$pages           = array();
		self::$terms           = array();
		self::$version         = '6.5';
		$_GET                  = array();
		$GLOBALS['wp']         = (object) array( 'query_vars' => array() );
	}
}

// Hooks.

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	WP_Stub::$hooks[ $hook ][ (int) $priority ][] = array( $callback, (int) $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function has_filter( $hook, $callback = false ) {
	if ( empty( WP_Stub::$hooks[ $hook ] ) ) {
		return false;
	}
	if ( false === $callback ) {
		return true;
	}
	foreach ( WP_Stub::$hooks[ $hook ] as $priority => $list ) {
		foreach ( $list as $entry ) {
			if ( $entry[0] === $callback ) {
				return $priority;
			}
		}
	}
	return false;
}

function has_action( $hook, $callback = false ) {
	return has_filter( $hook, $callback );
}

function apply_filters( $hook, $value, ...$args ) {
	if ( empty( WP_Stub::$hooks[ $hook ] ) ) {
		return $value;
	}
	$by_priority = WP_Stub::$hooks[ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $list ) {
		foreach ( $list as $entry ) {
			$all   = array_merge( array( $value ), $args );
			$value = call_user_func_array( $entry[0], array_slice( $all, 0, max( 1, $entry[1] ) ) );
		}
	}
	return $value;
}

function do_action( $hook, ...$args ) {
	WP_Stub::$actions_run[ $hook ] = ( WP_Stub::$actions_run[ $hook ] ?? 0 ) + 1;
	if ( empty( WP_Stub::$hooks[ $hook ] ) ) {
		return;
	}
	$by_priority = WP_Stub::$hooks[ $hook ];
	ksort( $by_priority );
	foreach ( $by_priority as $list ) {
		foreach ( $list as $entry ) {
			call_user_func_array( $entry[0], array_slice( $args, 0, $entry[1] ) );
		}
	}
}

function did_action( $hook ) {
	return WP_Stub::$actions_run[ $hook ] ?? 0;
}

function __return_false() {
	return false;
}

// Options and user meta.

function get_option( $name, $default = false ) {
	return array_key_exists( $name, WP_Stub::$options ) ? WP_Stub::$options[ $name ] : $default;
}

function update_option( $name, $value ) {
	WP_Stub::$options[ $name ] = $value;
	return true;
}

function delete_option( $name ) {
	unset( WP_Stub::$options[ $name ] );
	return true;
}

function get_user_meta( $user_id, $key = '', $single = false ) {
	$value = WP_Stub::$user_meta[ (int) $user_id ][ $key ] ?? null;
	if ( null === $value ) {
		return $single ? '' : array();
	}
	return $single ? $value : array( $value );
}

function update_user_meta( $user_id, $key, $value ) {
	WP_Stub::$user_meta[ (int) $user_id ][ $key ] = $value;
	return true;
}

function delete_metadata( $type, $object_id, $key, $value = '', $delete_all = false ) {
	foreach ( WP_Stub::$user_meta as $id => $meta ) {
		if ( $delete_all || (int) $id === (int) $object_id ) {
			unset( WP_Stub::$user_meta[ $id ][ $key ] );
		}
	}
	return true;
}

// Users and the request.

function is_admin() {
	return WP_Stub::$admin;
}

function is_user_logged_in() {
	return WP_Stub::$user > 0;
}

function get_current_user_id() {
	return WP_Stub::$user;
}

function current_user_can( $capability ) {
	return in_array( $capability, WP_Stub::$caps, true );
}

function absint( $value ) {
	return abs( (int) $value );
}

function wp_unslash( $value ) {
	return is_array( $value ) ? array_map( 'wp_unslash', $value ) : ( is_string( $value ) ? stripslashes( $value ) : $value );
}

function trailingslashit( $value ) {
	return rtrim( (string) $value, '/\\' ) . '/';
}

// Text, escaping and JSON.

function __( $text, $domain = 'default' ) {
	return $text;
}

function esc_html__( $text, $domain = 'default' ) {
	return esc_html( $text );
}

function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8', false );
}

function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8', false );
}

/**
 * As WordPress's esc_url(): characters outside the URL set removed, a protocol outside the
 * allowed list gives '', a bare host gets http://, and for display `&` and `'` become entities.
 */
function esc_url( $url, $protocols = null, $context = 'display' ) {
	$url = str_replace( ' ', '%20', ltrim( (string) $url ) );
	$url = preg_replace( '|[^a-z0-9-~+_.?#=!&;,/:%@$\|*\'()\[\]\x80-\xff]|i', '', $url );
	if ( '' === $url ) {
		return '';
	}
	if ( false === strpos( $url, ':' ) && ! in_array( $url[0], array( '/', '#', '?' ), true ) ) {
		$url = 'http://' . $url;
	}
	$protocols = $protocols ?? array( 'http', 'https', 'ftp', 'ftps', 'mailto', 'news', 'irc', 'gopher', 'nntp', 'feed', 'telnet', 'mms', 'rtsp', 'sms', 'svn', 'tel', 'fax', 'xmpp', 'webcal', 'urn' );
	if ( preg_match( '#^([^:/?\#]+):#', $url, $m ) && ! in_array( strtolower( $m[1] ), $protocols, true ) ) {
		return '';
	}
	if ( 'display' === $context ) {
		$url = preg_replace( '/&(?!#?[a-z0-9]+;)/i', '&#038;', $url );
		$url = str_replace( "'", '&#039;', $url );
	}
	return $url;
}

function esc_url_raw( $url, $protocols = null ) {
	return esc_url( $url, $protocols, 'db' );
}

/**
 * As wp_json_encode(): json_encode, retried with invalid UTF-8 replaced when it fails.
 */
function wp_json_encode( $data, $options = 0, $depth = 512 ) {
	$json = json_encode( $data, $options, $depth );
	if ( false === $json ) {
		$json = json_encode( $data, $options | JSON_INVALID_UTF8_SUBSTITUTE, $depth );
	}
	return $json;
}

function wp_check_invalid_utf8( $text, $strip = false ) {
	$text = (string) $text;
	if ( '' === $text || preg_match( '//u', $text ) ) {
		return $text;
	}
	// WordPress 6.x: iconv( 'utf-8', 'utf-8', $text ), which gives false on invalid input.
	return $strip ? @iconv( 'utf-8', 'utf-8', $text ) : '';
}

// Scripts.

function wp_enqueue_script( $handle, $src = '', $deps = array(), $ver = false, $args = array() ) {
	if ( ! isset( WP_Stub::$scripts[ $handle ] ) ) {
		WP_Stub::$scripts[ $handle ] = compact( 'src', 'deps', 'ver', 'args' );
	}
}

function wp_add_inline_script( $handle, $data, $position = 'after' ) {
	if ( ! isset( WP_Stub::$scripts[ $handle ] ) ) {
		return false;
	}
	WP_Stub::$inline[ $handle ][ $position ][] = $data;
	return true;
}

function wp_sanitize_script_attributes( $attributes ) {
	$out = '';
	foreach ( $attributes as $name => $value ) {
		if ( is_bool( $value ) ) {
			$out .= $value ? ' ' . esc_attr( $name ) : '';
		} else {
			$out .= sprintf( ' %1$s="%2$s"', esc_attr( $name ), esc_attr( $value ) );
		}
	}
	return $out;
}

function wp_get_inline_script_tag( $data, $attributes = array() ) {
	$attributes = apply_filters( 'wp_inline_script_attributes', $attributes, $data );
	$data       = "\n" . trim( $data, "\n\r " ) . "\n";
	return sprintf( "<script%s>%s</script>\n", wp_sanitize_script_attributes( $attributes ), $data );
}

function wp_print_inline_script_tag( $data, $attributes = array() ) {
	echo wp_get_inline_script_tag( $data, $attributes );
}

/**
 * Prints the enqueued scripts the way WP_Scripts::do_item() does, through the
 * `script_loader_tag` filter: WordPress 6.3+ (double quotes, `async
 * data-wp-strategy="async"`) or 5.9 (single quotes, no strategy, the args array read as
 * "in footer").
 */
function wp_stub_print_scripts() {
	$modern = version_compare( WP_Stub::$version, '6.3', '>=' );
	$html   = '';
	foreach ( WP_Stub::$scripts as $handle => $s ) {
		$src = $s['src'];
		if ( false === $s['ver'] ) {
			$src .= ( false === strpos( $src, '?' ) ? '?' : '&' ) . 'ver=' . WP_Stub::$version;
		} elseif ( is_string( $s['ver'] ) && '' !== $s['ver'] ) {
			$src .= ( false === strpos( $src, '?' ) ? '?' : '&' ) . 'ver=' . $s['ver'];
		}
		$tag    = '';
		$before = WP_Stub::$inline[ $handle ]['before'] ?? array();
		if ( $before ) {
			$tag .= $modern
				? wp_get_inline_script_tag( implode( "\n", $before ), array( 'id' => $handle . '-js-before' ) )
				: sprintf( "<script type='text/javascript' id='%s-js-before'>\n%s\n</script>\n", esc_attr( $handle ), implode( "\n", $before ) );
		}
		if ( $modern ) {
			$attrs = array(
				'src' => esc_url( $src ),
				'id'  => $handle . '-js',
			);
			if ( is_array( $s['args'] ) && isset( $s['args']['strategy'] ) ) {
				$attrs[ $s['args']['strategy'] ] = true;
				$attrs['data-wp-strategy']       = $s['args']['strategy'];
			}
			$tag .= sprintf( "<script%s></script>\n", wp_sanitize_script_attributes( $attrs ) );
		} else {
			$tag .= sprintf( "<script type='text/javascript' src='%s' id='%s-js'></script>\n", esc_url( $src ), esc_attr( $handle ) );
		}
		$html .= apply_filters( 'script_loader_tag', $tag, $handle, esc_url( $src ) );
	}
	return $html;
}

// Settings API.

function add_options_page( $page_title, $menu_title, $capability, $slug, $callback = '' ) {
	WP_Stub::$pages[ $slug ] = compact( 'page_title', 'menu_title', 'capability', 'callback' );
	return 'settings_page_' . $slug;
}

function register_setting( $group, $name, $args = array() ) {
	WP_Stub::$registered[ $name ] = array( 'group' => $group ) + $args;
}

function add_settings_section( $id, $title, $callback, $page ) {
}

function add_settings_field( $id, $title, $callback, $page, $section = 'default', $args = array() ) {
	WP_Stub::$fields[] = compact( 'id', 'title', 'callback', 'page', 'section', 'args' );
}

function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	WP_Stub::$settings_errors[] = compact( 'setting', 'code', 'message', 'type' );
}

function settings_fields( $group ) {
	echo '<input type="hidden" name="option_page" value="' . esc_attr( $group ) . '" />';
}

function do_settings_sections( $page ) {
	foreach ( WP_Stub::$fields as $field ) {
		if ( $field['page'] === $page ) {
			echo '<tr><th>' . esc_html( $field['title'] ) . '</th><td>';
			call_user_func( $field['callback'], $field['args'] );
			echo '</td></tr>';
		}
	}
}

function submit_button() {
	echo '<input type="submit" class="button-primary" value="Save Changes" />';
}

function get_admin_page_title() {
	return 'Reciprocity';
}

// Taxonomy and lists.

/** As wp_list_filter(): the objects whose fields equal every given value (keys kept). */
function wp_list_filter( $list, $args = array(), $operator = 'AND' ) {
	return array_filter(
		$list,
		static function ( $obj ) use ( $args ) {
			foreach ( $args as $k => $v ) {
				if ( ! isset( $obj->$k ) || $obj->$k != $v ) {
					return false;
				}
			}
			return true;
		}
	);
}

function get_the_terms( $post_id, $taxonomy ) {
	if ( 'product_cat' !== $taxonomy ) {
		return false;
	}
	return WP_Stub::$terms[ (int) $post_id ] ?? false;
}
