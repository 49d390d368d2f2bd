// The widget suites run under web-test-runner, whose test framework is mocha.
/// <reference types="mocha" />
