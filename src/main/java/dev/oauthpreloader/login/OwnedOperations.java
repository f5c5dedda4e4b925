package dev.oauthpreloader.login;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStore;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the operation a request names (?op=, else the session's latest) only if this session
 * started it. Anyone else's operation looks exactly like one that does not exist.
 */
final class OwnedOperations {

    private static final Pattern PUBLIC_ID = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private final OperationStore operations;

    OwnedOperations(OperationStore operations) {
        this.operations = operations;
    }

    Optional<Operation> find(Context ctx) {
        String requested = ctx.queryParam("op");
        if (requested != null && !PUBLIC_ID.matcher(requested).matches()) {
            throw new BadRequestResponse("The login id in this address is malformed.");
        }
        LoginSession session = LoginSession.of(ctx);
        Optional<String> binding = session.existingBindingHash();
        if (binding.isEmpty()) return Optional.empty();
        Optional<String> publicId = requested != null ? Optional.of(requested) : session.currentOperation();
        return publicId.flatMap(operations::find)
                .filter(op -> Tokens.constantTimeEquals(op.sessionBinding(), binding.get()));
    }

    Optional<Operation> reload(Operation op) {
        return operations.find(op.publicId());
    }
}
