package dev.oauthpreloader.login;

import dev.oauthpreloader.crypto.Tokens;
import dev.oauthpreloader.operation.Operation;
import dev.oauthpreloader.operation.OperationStore;
import dev.oauthpreloader.operation.StatusWatch;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the operation a request names (?op=, else the session's latest) only if this session
 * started it. Anyone else's operation looks exactly like one that does not exist. One that this
 * node's worker runs is read from the {@link StatusWatch}, which has its stage (the row does not),
 * and which learns its outcome only after the row has it, so nothing read there is ahead of the row.
 */
final class OwnedOperations {

    private static final Pattern PUBLIC_ID = Pattern.compile("[A-Za-z0-9_-]{20,64}");

    private final OperationStore operations;
    private final StatusWatch watch;

    OwnedOperations(OperationStore operations, StatusWatch watch) {
        this.operations = operations;
        this.watch = watch;
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
        return publicId.flatMap(this::current)
                .filter(op -> Tokens.constantTimeEquals(op.sessionBinding(), binding.get()));
    }

    Optional<Operation> reload(Operation op) {
        return current(op.publicId());
    }

    private Optional<Operation> current(String publicId) {
        return watch.live(publicId).or(() -> operations.find(publicId));
    }
}
