package io.cardea.ops.smoke;

/**
 * Creates the probe identity through the admin API, once: when it exists already, nothing changes.
 * The probe client has no admin API yet; it is a confidential client registered by the deployment
 * (in development, {@code cardea dev}'s {@code demo-web}).
 */
public final class ProbeIdentitySetup {

    /** What {@link #ensure} found. */
    public enum Outcome { CREATED, EXISTS }

    private ProbeIdentitySetup() {}

    /** @throws IllegalStateException with the reason, when the admin API refused or could not be reached */
    public static Outcome ensure(SmokeTarget target) {
        if (target.adminToken() == null || target.identity() == null) {
            throw new IllegalStateException("creating the probe identity needs the admin token and the probe's "
                    + "email and password");
        }
        String identity = SmokeHttp.JSON.createObjectNode().put("email", target.identity().email())
                .put("password", target.identity().password())
                .set("traits", SmokeHttp.JSON.createObjectNode().put("cardea_probe", true)).toString();
        try (var http = new SmokeHttp(target.url(), target.timeout())) {
            var answer = http.postJson("/admin/identities", identity, SmokeHttp.bearer(target.adminToken()));
            return switch (answer.status()) {
                case 201 -> Outcome.CREATED;
                case 409 -> Outcome.EXISTS;
                default -> throw new IllegalStateException("the admin API refused to create the probe identity: "
                        + answer.describe());
            };
        } catch (CheckFailed e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
