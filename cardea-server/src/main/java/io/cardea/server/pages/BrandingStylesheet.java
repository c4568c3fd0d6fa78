package io.cardea.server.pages;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code /branding.css}: the operator's accent colour as a stylesheet, since the pages' policy allows
 * no inline style. Loaded after Cardea's own, which reads the colour from {@code --accent}.
 */
@Controller
final class BrandingStylesheet {

    private final Branding branding;

    BrandingStylesheet(Branding branding) {
        this.branding = branding;
    }

    @GetMapping(path = "/branding.css")
    @ResponseBody
    ResponseEntity<String> stylesheet() {
        String colour = branding.accentColour();
        String css = colour == null ? "" : ":root { --accent: " + colour + "; }\n";
        return ResponseEntity.ok().contentType(new MediaType("text", "css"))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(css);
    }
}
