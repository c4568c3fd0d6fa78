package io.cardea.server.admin;

import io.cardea.server.oauth2.ClientDescription;
import io.cardea.server.oauth2.Clients;
import io.cardea.server.web.RequestRefused;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/clients}: register, read, list, change and delete OAuth2 clients, and rotate a
 * confidential client's secret. A secret appears in exactly two answers, the registration and the
 * rotation that made it; Cardea keeps only its hash.
 */
@RestController
final class AdminClientController {

    /** A client as the admin API shows it; {@code clientSecret} only in the answer that made it. */
    record View(String clientId, String clientSecret, String name, String type, List<String> redirectUris,
            List<String> postLogoutRedirectUris, Set<String> grantTypes, Set<String> scopes, boolean requirePkce,
            Instant createdAt) {
        @Override
        public String toString() {
            return "View[clientId=" + clientId + "]";
        }
    }

    record Page(List<View> clients, String nextPage) {}

    /** Left out: a confidential client, the defaults of its type (docs/server.md). */
    record NewClient(String clientId, String name, String type, List<String> redirectUris,
            List<String> postLogoutRedirectUris, Set<String> grantTypes, Set<String> scopes, Boolean requirePkce) {}

    /** Fields left out (null) stay as they are; a client's type cannot change. */
    record Changes(String name, List<String> redirectUris, List<String> postLogoutRedirectUris, Set<String> grantTypes,
            Set<String> scopes, Boolean requirePkce) {}

    record Secret(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Secret[clientId=" + clientId + "]";
        }
    }

    private final Clients clients;

    AdminClientController(Clients clients) {
        this.clients = clients;
    }

    @GetMapping("/admin/clients")
    Page list(@RequestParam(name = "page_size", defaultValue = "50") int pageSize,
            @RequestParam(name = "page", required = false) String page) {
        Paging.checkSize(pageSize);
        Paging.Position after = page == null ? null : Paging.position(page, id -> {});
        List<Clients.Client> found = clients.list(after == null ? null : after.createdAt(),
                after == null ? null : after.id(), pageSize + 1);
        Clients.Client last = found.size() > pageSize ? found.get(pageSize - 1) : null;
        return new Page(found.stream().limit(pageSize).map(c -> view(c, null)).toList(),
                last == null ? null : new Paging.Position(last.createdAt(), last.clientId()).token());
    }

    @PostMapping(path = "/admin/clients", consumes = "application/json")
    ResponseEntity<View> create(@RequestBody NewClient form) {
        Clients.Kind kind = kind(form.type() == null ? "confidential" : form.type());
        ClientDescription defaults = ClientDescription.withDefaults(form.name(), kind, form.redirectUris(),
                form.postLogoutRedirectUris());
        var registered = clients.register(form.clientId(), new ClientDescription(form.name(), kind,
                form.redirectUris(), form.postLogoutRedirectUris(),
                form.grantTypes() == null ? defaults.grantTypes() : form.grantTypes(),
                form.scopes() == null ? defaults.scopes() : form.scopes(),
                form.requirePkce() == null ? defaults.requirePkce() : form.requirePkce()));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(view(clients.find(registered.clientId()).orElseThrow(), registered.secret()));
    }

    @GetMapping("/admin/clients/{clientId}")
    View read(@PathVariable("clientId") String clientId) {
        return view(clients.find(clientId).orElseThrow(AdminClientController::notFound), null);
    }

    @PatchMapping(path = "/admin/clients/{clientId}", consumes = "application/json")
    View update(@PathVariable("clientId") String clientId, @RequestBody Changes changes) {
        ClientDescription now = clients.find(clientId).orElseThrow(AdminClientController::notFound).description();
        ClientDescription changed = new ClientDescription(
                changes.name() == null ? now.name() : changes.name(), now.kind(),
                changes.redirectUris() == null ? now.redirectUris() : changes.redirectUris(),
                changes.postLogoutRedirectUris() == null ? now.postLogoutRedirectUris() : changes.postLogoutRedirectUris(),
                changes.grantTypes() == null ? now.grantTypes() : changes.grantTypes(),
                changes.scopes() == null ? now.scopes() : changes.scopes(),
                changes.requirePkce() == null ? now.requirePkce() : changes.requirePkce());
        return view(clients.update(clientId, changed).orElseThrow(AdminClientController::notFound), null);
    }

    @DeleteMapping("/admin/clients/{clientId}")
    ResponseEntity<Void> delete(@PathVariable("clientId") String clientId) {
        if (!clients.delete(clientId)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/admin/clients/{clientId}/secret")
    Secret rotateSecret(@PathVariable("clientId") String clientId) {
        var rotated = clients.rotateSecret(clientId).orElseThrow(AdminClientController::notFound);
        return new Secret(rotated.clientId(), rotated.secret());
    }

    private static View view(Clients.Client c, String secret) {
        ClientDescription d = c.description();
        return new View(c.clientId(), secret, d.name(), d.kind().name().toLowerCase(Locale.ROOT), d.redirectUris(),
                d.postLogoutRedirectUris(), new TreeSet<>(d.grantTypes()), new TreeSet<>(d.scopes()), d.requirePkce(),
                c.createdAt());
    }

    private static Clients.Kind kind(String type) {
        return switch (type) {
            case "confidential" -> Clients.Kind.CONFIDENTIAL;
            case "public" -> Clients.Kind.PUBLIC;
            default -> throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_type", "type",
                    "type is 'confidential' or 'public'.");
        };
    }

    private static RequestRefused notFound() {
        return new RequestRefused(HttpStatus.NOT_FOUND, "not_found", null, "No such client.");
    }
}
