package dev.oauthpreloader.provider;

import com.github.scribejava.core.model.Response;
import dev.oauthpreloader.operation.ExchangeFailure;
import dev.oauthpreloader.operation.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads a provider's answer whole, in place of ScribeJava's {@code Response.getBody}, which
 * allocates a 64 K-char buffer for every body, however small: a token or a profile is a few hundred
 * bytes, and those two buffers per login were the largest item in JFR's allocation samples under
 * the benchmark. A body larger than any token or profile is refused rather than held in memory.
 */
final class ResponseBody {

    static final int LIMIT = 1 << 20;

    private ResponseBody() {
    }

    /** The same answer with its body read and the connection released; a missing body stays null, as in ScribeJava. */
    static Response read(Response response) throws IOException {
        try (response) {
            InputStream stream = response.getStream();
            if (stream == null) return new Response(response.getCode(), response.getMessage(), response.getHeaders(), (String) null);
            boolean gzip = "gzip".equals(response.getHeader("Content-Encoding"));
            InputStream in = gzip ? new GZIPInputStream(stream) : stream;
            // With a length given, one array of exactly that size; else read in chunks, up to the limit.
            int length = gzip ? -1 : declaredLength(response);
            byte[] bytes = length >= 0 && length <= LIMIT ? in.readNBytes(length) : in.readNBytes(LIMIT + 1);
            if (bytes.length > LIMIT) throw new ExchangeFailure(FailureReason.BAD_RESPONSE);
            return new Response(response.getCode(), response.getMessage(), response.getHeaders(),
                    new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static int declaredLength(Response response) {
        String value = response.getHeader("Content-Length");
        if (value == null) return -1;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
