package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.check;
import static io.cardea.upgrade.Answers.expect;
import static io.cardea.upgrade.Answers.json;
import static io.cardea.upgrade.Answers.member;
import static io.cardea.upgrade.Answers.refused;
import static io.cardea.upgrade.Answers.required;

import io.cardea.upgrade.ReleaseCrossing.Client;
import io.cardea.upgrade.ReleaseCrossing.Direction;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What the operator's tools write through one release's admin API, read and changed through the other's. */
final class AdminApiChecks {

    private AdminApiChecks() {}

    /**
     * Created through {@code from}, read through {@code to}; changed (email, traits, disabled)
     * through {@code to}, read through {@code from}, whose sign-in then refuses the identity.
     */
    static void identities(Direction d) throws Broken, IOException, InterruptedException {
        Http from = new Http(d.from().url());
        Http to = new Http(d.to().url());
        String email = People.freshEmail("admin-identity");
        String request = "POST /admin/identities on " + d.from().release();
        String id = required(json(from.postJson("/admin/identities", "{\"email\":\"" + email + "\",\"password\":\""
                + People.PASSWORD + "\",\"traits\":{\"crossing\":\"created\"}}", d.admin()), 201, request), "id", request);

        identity(d, d.to(), id, email, "active", "created", "created on " + d.from().release());
        String changed = People.freshEmail("admin-identity-changed");
        expect(to.patchJson("/admin/identities/" + id, "{\"email\":\"" + changed + "\",\"state\":\"disabled\","
                + "\"traits\":{\"crossing\":\"changed\"}}", d.admin()), 200, "PATCH /admin/identities/{id} on "
                + d.to().release());
        identity(d, d.from(), id, changed, "disabled", "changed", "changed on " + d.to().release());
        refused(People.login(from, changed, People.PASSWORD), 403, "identity_disabled", "POST /self-service/login on "
                + d.from().release() + " for the identity disabled on " + d.to().release());
    }

    /**
     * Registered through {@code from}, read through {@code to}, whose token endpoint takes its
     * secret; renamed through {@code to}, read through {@code from}; deleted through {@code to},
     * gone for {@code from}.
     */
    static void clients(Direction d) throws Broken, IOException, InterruptedException {
        Http from = new Http(d.from().url());
        Http to = new Http(d.to().url());
        String id = People.freshEmail("admin-client").replace('@', '.');
        String request = "POST /admin/clients on " + d.from().release();
        var registered = json(from.postJson("/admin/clients", "{\"client_id\":\"" + id + "\",\"name\":\"Crossing\","
                + "\"redirect_uris\":[\"" + d.client().redirectUri() + "\"]}", d.admin()), 201, request);
        var client = new Client(id, required(registered, "client_secret", request), d.client().redirectUri());

        String which = " (registered on " + d.from().release() + ")";
        client(d, d.to(), id, "Crossing", which);
        new ClientApp(client).clientCredentials(d.to());
        expect(to.patchJson("/admin/clients/" + id, "{\"name\":\"Crossing renamed\"}", d.admin()), 200,
                "PATCH /admin/clients/{client_id} on " + d.to().release() + which);
        client(d, d.from(), id, "Crossing renamed", " (renamed on " + d.to().release() + ")");
        expect(to.delete("/admin/clients/" + id, d.admin()), 204, "DELETE /admin/clients/{client_id} on "
                + d.to().release() + which);
        refused(from.get("/admin/clients/" + id, d.admin()), 404, "not_found", "GET /admin/clients/{client_id} on "
                + d.from().release() + " (deleted on " + d.to().release() + ")");
    }

    private static void identity(Direction d, Instance at, String id, String email, String state, String trait,
            String which) throws Broken, IOException, InterruptedException {
        String request = "GET /admin/identities/{id} on " + at.release() + " (" + which + ")";
        Map<String, Object> read = json(new Http(at.url()).get("/admin/identities/" + id, d.admin()), 200, request);
        check(email.equals(read.get("email")), request + ": expected the email as written, got another");
        check(state.equals(read.get("state")), request + ": expected state " + state + ", got " + read.get("state"));
        check(trait.equals(member(read, "traits", "crossing")), request + ": expected the traits as written, got others");
    }

    private static void client(Direction d, Instance at, String id, String name, String which)
            throws Broken, IOException, InterruptedException {
        String request = "GET /admin/clients/{client_id} on " + at.release() + which;
        Map<String, Object> read = json(new Http(at.url()).get("/admin/clients/" + id, d.admin()), 200, request);
        check(name.equals(read.get("name")) && read.get("redirect_uris") instanceof List<?> uris && uris.size() == 1,
                request + ": expected the name and redirect URI as written, got others");
        check(!read.containsKey("client_secret") || read.get("client_secret") == null, request
                + ": expected no client_secret, got one");
    }
}
