<?php
/**
 * PHPUnit's bootstrap: the stand-ins and the plugin, the shared test case, the printer.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

require_once __DIR__ . '/stubs/load.php';
require_once __DIR__ . '/SummaryPrinter.php';
require_once __DIR__ . '/TestCase.php';
