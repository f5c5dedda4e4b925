package dev.oauthpreloader.support;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.mockwebserver.RecordedRequest;

/** Checks an OAuth 1.0a HMAC-SHA1 request signature the way Twitter does (RFC 5849, section 3.4). */
public final class OAuth1Signature {

    private static final Pattern PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    private OAuth1Signature() {
    }

    /** The oauth_* parameters of the request's Authorization header, decoded. */
    public static Map<String, String> authorization(RecordedRequest request) {
        String header = request.getHeader("Authorization");
        Map<String, String> params = new HashMap<>();
        if (header == null || !header.startsWith("OAuth ")) return params;
        Matcher m = PARAM.matcher(header);
        while (m.find()) params.put(m.group(1), decode(m.group(2)));
        return params;
    }

    public static boolean isValid(RecordedRequest request, String consumerSecret, String tokenSecret) {
        Map<String, String> oauth = authorization(request);
        String signature = oauth.remove("oauth_signature");
        if (signature == null || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method"))) return false;
        List<String[]> params = new ArrayList<>();
        oauth.forEach((k, v) -> params.add(new String[] {k, v}));
        String query = request.getRequestUrl() == null ? null : request.getRequestUrl().encodedQuery();
        addAll(params, query);
        String type = request.getHeader("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) addAll(params, request.getBody().clone().readUtf8());
        List<String> encoded = new ArrayList<>();
        for (String[] p : params) encoded.add(encode(p[0]) + "=" + encode(p[1]));
        encoded.sort(null);
        String path = request.getRequestUrl().encodedPath();
        String base = request.getMethod().toUpperCase() + "&" + encode("http://" + request.getHeader("Host") + path)
                + "&" + encode(String.join("&", encoded));
        String key = encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
        return hmacSha1(key, base).equals(signature);
    }

    private static void addAll(List<String[]> params, String raw) {
        if (raw == null || raw.isEmpty()) return;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.add(new String[] {decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1))});
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String hmacSha1(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
