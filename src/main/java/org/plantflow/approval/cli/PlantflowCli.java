package org.plantflow.approval.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import org.plantflow.approval.ApprovalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar plantflow-cli.jar COMMAND}: the engine from the command line. Errors are one line on
 * stderr and a non-zero exit; stack traces only with {@code --verbose}.
 */
@Command(name = "plantflow", mixinStandardHelpOptions = true, version = "plantflow 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // every subcommand answers --help and --version
        description = "Approval-workflow engine: templates, rules, pass and return, history.",
        subcommands = {TemplateCommands.Validate.class, TemplateCommands.Deploy.class, InstanceCommands.Start.class,
                InstanceCommands.Pending.class, InstanceCommands.Pass.class, InstanceCommands.Return.class,
                InstanceCommands.Instance.class, InstanceCommands.History.class, InstanceCommands.Explain.class, InstanceCommands.Retry.class,
                InstanceCommands.Sweep.class, InstanceCommands.ReloadRules.class, TestRulesCommand.class,
                ImpactCommand.class, DemoCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class PlantflowCli {
    static final int EXIT_ERROR = 1;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "plantflow-cli-logback.xml");
        }
        System.setProperty("plantflow.log.level", verbose ? "INFO" : "WARN");
        System.setProperty("plantflow.drools.level", verbose ? "INFO" : "OFF");
        System.setProperty("plantflow.checks.level", verbose ? "INFO" : "ERROR");
        CommandLine cl = new CommandLine(new PlantflowCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage() + " (see: plantflow " + ex.getCommandLine().getCommandName() + " --help)");
            err.flush();
            return EXIT_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            if (ex instanceof org.plantflow.approval.TemplateInvalidException t) {
                t.problems().forEach(p -> err.println(p.isError() ? "error: " + p : p.toString())); // a warning says so itself
            } else if (ex instanceof org.plantflow.approval.RulesInvalidException r) {
                r.problems().forEach(p -> err.println("error: rule " + p));
            } else {
                err.println("error: " + oneLine(ex));
            }
            err.flush();
            return EXIT_ERROR;
        });
        return cl.execute(args);
    }

    private static String oneLine(Exception ex) {
        String msg;
        if (ex instanceof ApprovalException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
            msg = ex.getMessage();
        } else {
            msg = ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (run with --verbose for details)";
        }
        return msg == null ? ex.getClass().getSimpleName() : msg.replace("\n", " | ");
    }
}
