package io.cardea.server.codes;

import io.cardea.server.fleet.Feature;
import io.cardea.server.fleet.FleetFeatures;
import io.cardea.server.mail.MailSettings;

/**
 * Whether codes go out by mail: this deployment can deliver mail, and every live instance runs a
 * release that redeems the codes, so a link never lands on an instance that answers 404.
 */
public final class AccountMail {

    /**
     * Declared to the fleet: verification and recovery mail are offered while no release before 0.2.0
     * is live. Offered, not enforced, so it follows the fleet and does not guard the roll-back.
     */
    public static final Feature FEATURE = Feature.followingTheFleet("account-mail", "0.2.0",
            "sends no verification or recovery mail, and answers their links with 404");

    private final MailSettings mail;
    private final FleetFeatures fleet;

    AccountMail(MailSettings mail, FleetFeatures fleet) {
        this.mail = mail;
        this.fleet = fleet;
    }

    public boolean available() {
        return mail.configured() && fleet.isOn(FEATURE);
    }
}
