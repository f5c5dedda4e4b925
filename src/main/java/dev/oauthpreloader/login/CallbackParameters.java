package dev.oauthpreloader.login;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of a provider's redirect back to us, read strictly: every parameter once, none huge.
 * A repeated parameter would let two parts of the stack read two different states or codes.
 */
final class CallbackParameters {

    private static final int MAX_PARAMETERS = 20;
    private static final int MAX_VALUE_LENGTH = 4096;

    private CallbackParameters() {
    }

    static Map<String, String> read(Context ctx) {
        Map<String, List<String>> raw = ctx.queryParamMap();
        if (raw.size() > MAX_PARAMETERS) throw new BadRequestResponse("The login response has too many parameters.");
        Map<String, String> single = new HashMap<>();
        raw.forEach((name, values) -> {
            if (values.size() != 1) throw new BadRequestResponse("The login response repeats the parameter '" + clip(name) + "'.");
            String value = values.get(0);
            if (value.length() > MAX_VALUE_LENGTH || name.length() > 100) {
                throw new BadRequestResponse("The login response has a parameter that is far too long.");
            }
            single.put(name, value);
        });
        return single;
    }

    private static String clip(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }
}
