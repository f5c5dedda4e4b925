package dev.oauthpreloader.simulator;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tester's choice for one simulated login: who logs in, how long the token endpoint takes, what
 * goes wrong, and whether to skip the consent page. Read from /login/simulator's query or from the
 * consent form, and carried to the simulator's authorize endpoint on the redirect.
 */
public record SimulatorChoice(String user, int delayMs, SimulatedOutcome outcome, boolean auto) {

    public static final String PROVIDER = "simulator";
    public static final int MAX_DELAY_MS = 120_000;
    private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final String OUTCOMES = Arrays.stream(SimulatedOutcome.values()).map(o -> o.code)
            .collect(Collectors.joining(", "));

    public static SimulatorChoice from(Context ctx) {
        return parse(ctx::queryParam);
    }

    public static SimulatorChoice parse(Function<String, String> param) {
        String user = orDefault(param.apply("user"), "alice").toLowerCase(Locale.ROOT);
        if (!USER.matcher(user).matches()) {
            throw new BadRequestResponse("user must be 1 to 32 letters, digits, dots, dashes or underscores, such as alice.");
        }
        int delay;
        try {
            delay = Integer.parseInt(orDefault(param.apply("delay"), "0"));
        } catch (NumberFormatException e) {
            delay = -1;
        }
        if (delay < 0 || delay > MAX_DELAY_MS) {
            throw new BadRequestResponse("delay must be a number of milliseconds from 0 to " + MAX_DELAY_MS + ".");
        }
        SimulatedOutcome outcome = SimulatedOutcome.byCode(orDefault(param.apply("outcome"), "ok"));
        if (outcome == null) throw new BadRequestResponse("outcome must be one of: " + OUTCOMES + ".");
        String auto = orDefault(param.apply("auto"), "0");
        return new SimulatorChoice(user, delay, outcome, auto.equals("1") || auto.equalsIgnoreCase("true"));
    }

    /** The authorize URL with this choice added, for the consent page to preselect or skip. */
    public String appendTo(String authorizeUrl) {
        return authorizeUrl + (authorizeUrl.contains("?") ? "&" : "?")
                + "user=" + encode(user) + "&delay=" + delayMs + "&outcome=" + outcome.code + (auto ? "&auto=1" : "");
    }

    /** The simulated person's first name: user=alice logs in as "Alice". */
    public static String firstName(String user) {
        String first = user.split("[._-]", 2)[0];
        return first.isEmpty() ? user : Character.toUpperCase(first.charAt(0)) + first.substring(1);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
