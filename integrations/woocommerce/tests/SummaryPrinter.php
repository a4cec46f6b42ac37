<?php
/**
 * PHPUnit's usual output, ended by one line `N passed, N failed` (what `cargo xtask test`
 * and CI read). Errors, warnings and risky tests count as failed.
 *
 * @package Reciprocity\Tests
 */

// phpcs:disable

use PHPUnit\Framework\TestResult;
use PHPUnit\TextUI\DefaultResultPrinter;

final class Reciprocity_Summary_Printer extends DefaultResultPrinter {

	protected function printFooter( TestResult $result ): void {
		parent::printFooter( $result );
		$failed  = $result->failureCount() + $result->errorCount() + $result->warningCount() + $result->riskyCount();
		$skipped = $result->skippedCount() + $result->notImplementedCount();
		$passed  = max( 0, count( $result ) - $failed - $skipped );
		$this->write( sprintf( "\n%d passed, %d failed\n", $passed, $failed ) );
	}
}
