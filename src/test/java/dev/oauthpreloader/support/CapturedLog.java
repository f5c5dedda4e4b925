package dev.oauthpreloader.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything the service writes to System.err and System.out while open, still passed on to the
 * real streams. slf4j-simple looks System.err up on every line, so the log of the server and its
 * workers lands here too.
 */
public final class CapturedLog implements AutoCloseable {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final PrintStream originalOut = System.out;

    public CapturedLog() {
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        System.setOut(originalOut);
    }

    private final class Tee extends OutputStream {
        private final OutputStream original;

        Tee(OutputStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                original.write(bytes, offset, length);
            } catch (IOException ignored) {
                // the copy is what the test reads
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}
