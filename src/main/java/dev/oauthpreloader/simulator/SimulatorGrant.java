package dev.oauthpreloader.simulator;

/** One authorization the simulator granted, with the choice it was granted under. */
record SimulatorGrant(
        String codeHash,
        String clientId,
        String redirectUri,
        String codeChallenge,
        String scope,
        String nonce,
        String username,
        int delayMs,
        SimulatedOutcome outcome,
        long createdAt,
        Long redeemedAt,
        Long tokensIssuedAt) {

    boolean isOpenId() {
        return (" " + scope + " ").contains(" openid ");
    }
}
