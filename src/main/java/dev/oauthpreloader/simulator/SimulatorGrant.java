package dev.oauthpreloader.simulator;

/** One code the simulator issued, with the choice it was issued under. */
record SimulatorGrant(
        String clientId,
        String redirectUri,
        String codeChallenge,
        String username,
        int delayMs,
        SimulatedOutcome outcome,
        long createdAt,
        Long redeemedAt) {
}
