package io.cardea.server.session;

import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.web.RequestRefused;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A signed-in person's own live sessions: listed, ended one by one, or all but the one asking. */
public final class OwnSessions {

    private final SessionStore sessions;
    private final SignOutEverywhere signOut;

    OwnSessions(SessionStore sessions, SignOutEverywhere signOut) {
        this.sessions = sessions;
        this.signOut = signOut;
    }

    /** Newest first. */
    public List<SessionView> of(SignedIn signedIn) {
        return sessions.liveSessionsOf(signedIn.identity().id()).stream()
                .map(s -> SessionView.of(s, s.id().equals(signedIn.sessionId()))).toList();
    }

    /**
     * Ends one of the person's sessions; refused with 404 {@code session_not_found} when they have
     * none of this id. Another identity's session answers like a missing one: ids reveal nothing.
     */
    public void end(SignedIn signedIn, UUID sessionId) {
        if (!sessions.revoke(sessionId, signedIn.identity().id())) {
            throw new RequestRefused(HttpStatus.NOT_FOUND, "session_not_found", null, "You have no session "
                    + "with this id.");
        }
    }

    /** Ends every session of the person but the one asking; returns how many ended. */
    public int endOthers(SignedIn signedIn) {
        return signOut.allBut(signedIn.identity().id(), signedIn.sessionId());
    }
}
