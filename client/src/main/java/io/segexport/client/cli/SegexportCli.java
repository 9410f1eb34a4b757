package io.segexport.client.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine;

/** The {@code segexport} command line. */
public final class SegexportCli {
    private SegexportCli() {}

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        int exitCode = run(
                args,
                environment,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8)),
                Terminal.stderrIsTerminal(environment));
        System.exit(exitCode);
    }

    /**
     * Runs one command line in this process and returns its exit code; {@link #main} only wires it to
     * {@code System}.
     *
     * @param environment      the environment variables (SEGEXPORT_TARGET, ...)
     * @param out              standard output: the result only
     * @param err              standard error: progress and messages
     * @param stderrIsTerminal true redraws progress bars in place; false prints periodic lines
     */
    public static int run(
            String[] args,
            Map<String, String> environment,
            PrintWriter out,
            PrintWriter err,
            boolean stderrIsTerminal) {
        GlobalOptions options = new GlobalOptions();
        try (Session session = new Session(
                out, err, stderrIsTerminal, Clock.systemUTC(), new TimeFormat(ZoneId.systemDefault()), options)) {
            CommandLine commandLine = new CommandLine(new SegexportCommand(options), new CommandFactory(session))
                    .setOut(out)
                    .setErr(err)
                    .setDefaultValueProvider(new EnvironmentDefaults(environment))
                    .setParameterExceptionHandler(new UsageErrors())
                    .setExecutionExceptionHandler(new Failures(options));
            commandLine
                    .getCommandSpec()
                    .usageMessage()
                    .exitCodeListHeading("%nExit codes:%n")
                    .exitCodeList(ExitCode.helpList());
            HelpLayout.applyToSubcommands(commandLine);
            return commandLine.execute(args);
        }
    }
}
