package io.cardea.upgrade;

import io.cardea.Cardea;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the {@code cardea} command line in this JVM, with what it printed. */
record Cli(int exitCode, String out, String err) {

    static synchronized Cli run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new Tee(out, originalOut), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, originalErr), true, StandardCharsets.UTF_8));
            int code = Cardea.run(args);
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Keeps what is printed and passes it on, so the test's own output shows the run as it happens. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream kept;
        private final java.io.OutputStream passed;

        Tee(java.io.OutputStream kept, java.io.OutputStream passed) {
            this.kept = kept;
            this.passed = passed;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            kept.write(b);
            passed.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            kept.write(b, off, len);
            passed.write(b, off, len);
        }
    }
}
