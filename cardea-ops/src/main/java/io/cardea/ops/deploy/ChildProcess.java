package io.cardea.ops.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A command of a release run to its end, its output shown to the operator as it comes, indented. */
public final class ChildProcess {

    private ChildProcess() {}

    /** Runs it and returns its exit code. */
    public static int run(ProcessBuilder command, PrintWriter out) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.println("    | " + line);
                out.flush();
            }
        }
        return process.waitFor();
    }
}
