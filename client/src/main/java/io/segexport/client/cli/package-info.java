/**
 * The {@code segexport} command line (picocli): one command class per subcommand, over
 * {@link io.segexport.client.SegexportClient}, with its tables, JSON output, progress display and
 * exit codes. It reaches the server only through the client.
 */
package io.segexport.client.cli;
