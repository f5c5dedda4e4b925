package dev.oauthpreloader.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for rate limits: the connection's address, or, only when that address
 * is a configured trusted proxy, the nearest X-Forwarded-For hop that is not one. Read from the
 * right: a client can write anything at the left of the header, but not what our proxy appended.
 */
public final class ClientAddress {

    /**
     * Dotted-quad IPv4, or anything with a colon (IPv6). A colon-free hex word such as "beef" is a
     * host name to InetAddress, which would look it up in DNS: the pattern keeps those out.
     */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9A-Fa-f.]*:[0-9A-Fa-f:.]{1,44}]?");

    private ClientAddress() {
    }

    public static String of(Context ctx, Set<String> trustedProxies) {
        String remote = canonical(ctx.req().getRemoteAddr());
        if (!trustedProxies.contains(remote)) return remote;
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null) return remote;
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = canonical(hops[i].trim());
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) return hop;
        }
        return remote;
    }

    /** An IP literal in one spelling ("::1" and "[0:0:0:0:0:0:0:1]" alike), or empty if it is not one. */
    public static Optional<String> ipLiteral(String value) {
        if (value == null || !IP_LITERAL.matcher(value).matches()) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByName(value.replace("[", "").replace("]", "")).getHostAddress());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What a rate limit counts as one client: an IPv4 address as it is, an IPv6 address by its /64.
     * A subscriber or a LAN is given a whole /64 and may take any address in it, so counting IPv6
     * addresses one by one would give each client 2^64 buckets.
     */
    public static String limitKey(String address) {
        if (address.indexOf(':') < 0) return address;
        Optional<String> literal = ipLiteral(address);
        if (literal.isEmpty()) return address;
        try {
            byte[] bytes = InetAddress.getByName(literal.get()).getAddress();
            if (bytes.length != 16) return literal.get();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** The address as a key: canonical if it is an IP literal, otherwise kept short. */
    private static String canonical(String address) {
        if (address == null) return "";
        return ipLiteral(address).orElse(address.length() <= 64 ? address : address.substring(0, 64));
    }
}
