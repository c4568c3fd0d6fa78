package io.cardea.server.admin;

import io.cardea.server.identity.EmailAddress;
import io.cardea.server.identity.Identity;
import io.cardea.server.identity.Registration;
import io.cardea.server.session.SignOutEverywhere;
import io.cardea.server.web.RequestRefused;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /admin/identities}: create, read, update, disable, delete and search identities. */
@RestController
final class AdminIdentityController {

    /**
     * An identity as the admin API shows it. {@code emailVerified}: its address is the one last
     * proven to receive its mail; changing the address makes it false.
     */
    record View(UUID id, String email, boolean emailVerified, String state, JsonNode traits, Instant createdAt,
            Instant updatedAt) {}

    record Page(List<View> identities, String nextPage) {}

    record NewIdentity(String email, String password, JsonNode traits) {
        @Override
        public String toString() {
            return "NewIdentity[email=" + email + "]";
        }
    }

    /** Fields left out (null) stay as they are. */
    record Changes(String email, String state, JsonNode traits) {}

    private final AdminIdentities identities;
    private final Registration registration;
    private final JsonMapper json;
    private final SignOutEverywhere signOut;

    AdminIdentityController(AdminIdentities identities, Registration registration, JsonMapper json,
            SignOutEverywhere signOut) {
        this.identities = identities;
        this.registration = registration;
        this.json = json;
        this.signOut = signOut;
    }

    @GetMapping("/admin/identities")
    Page list(@RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "page_size", defaultValue = "50") int pageSize,
            @RequestParam(name = "page", required = false) String page) {
        Paging.checkSize(pageSize);
        if (state != null) {
            checkState(state);
        }
        List<AdminIdentities.Row> rows = identities.list(email, state,
                page == null ? null : Paging.position(page, UUID::fromString), pageSize + 1);
        List<View> views = rows.stream().limit(pageSize).map(this::view).toList();
        AdminIdentities.Row last = rows.size() > pageSize ? rows.get(pageSize - 1) : null;
        String next = last == null ? null : new Paging.Position(last.createdAt(), last.id().toString()).token();
        return new Page(views, next);
    }

    @PostMapping(path = "/admin/identities", consumes = "application/json")
    ResponseEntity<View> create(@RequestBody NewIdentity form) {
        String traits = traitsJson(form.traits());
        Identity created = registration.register(form.email(), form.password(), traits == null ? "{}" : traits);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(identities.find(created.id()).orElseThrow()));
    }

    @GetMapping("/admin/identities/{id}")
    View read(@PathVariable("id") UUID id) {
        return view(identities.find(id).orElseThrow(AdminIdentityController::notFound));
    }

    @PatchMapping(path = "/admin/identities/{id}", consumes = "application/json")
    View update(@PathVariable("id") UUID id, @RequestBody Changes changes) {
        String email = changes.email() == null ? null : EmailAddress.parse(changes.email());
        if (changes.state() != null) {
            checkState(changes.state());
        }
        String traits = traitsJson(changes.traits());
        AdminIdentities.Row row;
        try {
            row = identities.update(id, email, changes.state(), traits).orElseThrow(AdminIdentityController::notFound);
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, "email_taken", "email",
                    "An identity with this email address exists already.");
        }
        if ("disabled".equals(row.state())) {
            signOut.of(id); // a disabled identity is signed out everywhere at once
        }
        return view(row);
    }

    @DeleteMapping("/admin/identities/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") UUID id) {
        if (!identities.delete(id)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    private View view(AdminIdentities.Row r) {
        return new View(r.id(), r.email(), r.emailVerified(), r.state(), json.readTree(r.traits()), r.createdAt(),
                r.updatedAt());
    }

    private String traitsJson(JsonNode traits) {
        if (traits == null || traits.isNull()) {
            return null;
        }
        if (!traits.isObject()) {
            throw invalid("traits", "traits is a JSON object.");
        }
        return json.writeValueAsString(traits);
    }

    private static void checkState(String state) {
        if (!state.equals("active") && !state.equals("disabled")) {
            throw invalid("state", "state is 'active' or 'disabled'.");
        }
    }

    private static RequestRefused invalid(String field, String message) {
        return new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_" + field, field, message);
    }

    static RequestRefused notFound() {
        return new RequestRefused(HttpStatus.NOT_FOUND, "not_found", null, "No such identity.");
    }
}
