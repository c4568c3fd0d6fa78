package io.cardea.server.pages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's product on Cardea's pages and mails (env {@code CARDEA_BRANDING_*}; docs/branding.md).
 * Templates read it as the bean {@code branding} ({@link Branding}).
 *
 * @param productName how pages and mails name the service
 * @param accentColour the colour of buttons and links, {@code #rrggbb}; none: Cardea's blue. It must
 *     keep a contrast of 4.5:1 with white, which the start checks
 * @param theme a folder: {@code templates/} replaces any of Cardea's page templates by name,
 *     {@code static/} is served under {@code /theme/} (a {@code static/theme.css} is loaded after
 *     Cardea's stylesheet, a {@code static/logo.svg} or {@code logo.png} heads every page)
 */
@ConfigurationProperties("cardea.branding")
public record BrandingSettings(@DefaultValue("Cardea") String productName, String accentColour, Path theme) {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    public BrandingSettings {
        if (productName.isBlank() || productName.length() > 60) {
            throw new IllegalArgumentException("cardea.branding.product-name must be 1 to 60 characters");
        }
        if (accentColour != null && !accentColour.isBlank()) {
            if (!COLOUR.matcher(accentColour).matches()) {
                throw new IllegalArgumentException("cardea.branding.accent-colour is #rrggbb, e.g. #0b57d0; got '"
                        + accentColour + "'");
            }
            double contrast = contrastWithWhite(accentColour);
            if (contrast < 4.5) {
                throw new IllegalArgumentException("cardea.branding.accent-colour " + accentColour
                        + " has a contrast of %.1f:1 with white text; buttons need 4.5:1 (WCAG AA): choose a darker colour"
                                .formatted(contrast));
            }
        }
        if (theme != null && !Files.isDirectory(theme)) {
            throw new IllegalArgumentException("cardea.branding.theme " + theme + " is not a folder");
        }
    }

    /** The theme's stylesheet, when it has one: {@code /theme/theme.css}. */
    public boolean themeStylesheet() {
        return theme != null && Files.isRegularFile(theme.resolve("static/theme.css"));
    }

    /** The theme's logo's path, {@code /theme/logo.svg} or {@code /theme/logo.png}; null without one. */
    public String logo() {
        if (theme == null) {
            return null;
        }
        for (String name : new String[] {"logo.svg", "logo.png"}) {
            if (Files.isRegularFile(theme.resolve("static").resolve(name))) {
                return "/theme/" + name;
            }
        }
        return null;
    }

    private static double contrastWithWhite(String hex) {
        double l = 0;
        double[] weights = {0.2126, 0.7152, 0.0722};
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            l += weights[i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        }
        return 1.05 / (l + 0.05);
    }
}
