package io.cardea.server.oauth2;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.keys.CookieSecret;
import io.cardea.server.keys.SigningKeyRing;
import io.cardea.server.keys.KeySettings;
import java.time.Duration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import java.util.stream.Stream;
import org.springframework.security.web.util.matcher.RequestMatcher;
import io.cardea.server.session.BrowserSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.OAuth2AuthorizationEndpointFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import io.cardea.server.pages.Page;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.security.web.csrf.CsrfTokenRepository;

/**
 * OAuth2 and OpenID Connect, by Spring's authorization server, with every piece of state in
 * PostgreSQL: clients, authorizations, consents and signing keys. Sign-in is Cardea's own session
 * cookie; no HTTP session is ever created.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@Import({SignInPage.class, ConsentPage.class})
public class OAuth2Configuration {

    private static final String JWKS_PATH = "/oauth2/jwks";

    @Bean
    ParsedClients parsedClients() {
        return new ParsedClients(new JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper());
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, ParsedClients parsedClients) {
        var repository = new JdbcRegisteredClientRepository(jdbc);
        repository.setRegisteredClientRowMapper(parsedClients);
        return repository;
    }

    @Bean
    AuthorizationStore authorizationService(JdbcOperations jdbcOperations, JdbcClient jdbc,
            RegisteredClientRepository clients, TransactionOperations transactions) {
        return new AuthorizationStore(jdbcOperations, clients, jdbc, transactions);
    }

    /** Access tokens of the client_credentials and refresh_token grants, signed without Spring's encoder. */
    @Bean
    AccessTokenJwt accessTokenJwt(SigningKeyRing keys) {
        return new AccessTokenJwt(keys);
    }

    /** Cardea's refresh_token grant, in place of Spring's. */
    @Bean
    RefreshTokenGrant refreshTokenGrant(AuthorizationStore authorizations, AccessTokenJwt accessTokens,
            TransactionOperations transactions) {
        return new RefreshTokenGrant(authorizations, accessTokens, transactions);
    }

    @Bean
    IdentityTokens identityTokens(JdbcClient jdbc, AuthorizationStore authorizations) {
        return new IdentityTokens(jdbc, authorizations.refreshTokens());
    }

    @Bean
    AuthorizationPurge authorizationPurge(JdbcClient jdbc, TransactionOperations transactions) {
        return new AuthorizationPurge(jdbc, transactions);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
            RegisteredClientRepository clients, TransactionOperations transactions) {
        return new ConsentStore(new JdbcOAuth2AuthorizationConsentService(jdbc, clients), transactions);
    }

    @Bean
    ClientSecretHash clientSecretHash() {
        return new ClientSecretHash();
    }

    @Bean
    Clients clients(RegisteredClientRepository repository, ClientSecretHash secretHash, JdbcClient jdbc,
            TransactionOperations transactions) {
        return new Clients(repository, secretHash, jdbc, transactions);
    }

    @Bean
    AccessTokens accessTokens(JwtDecoder jwtDecoder, OAuth2AuthorizationService authorizations) {
        return new AccessTokens(jwtDecoder, authorizations);
    }

    /**
     * What goes into the tokens Cardea signs: the ID token's claims, and the access token's
     * algorithm, which the ring decides (ID tokens keep Spring's RS256).
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenContents(IdentityStore identities, SigningKeyRing keys) {
        var idTokenClaims = new IdTokenClaims(identities);
        return context -> {
            idTokenClaims.customize(context);
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                context.getJwsHeader().algorithm(SignatureAlgorithm.from(keys.accessTokenAlgorithm().name()));
            }
        };
    }

    /**
     * The issuer of tokens ({@code CARDEA_OAUTH2_ISSUER}); unset, it is the URL each request came to,
     * which suits development. Behind a load balancer set it to the public URL, the same everywhere.
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${cardea.oauth2.issuer:}") String issuer) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (!issuer.isBlank()) {
            settings.issuer(issuer);
        }
        return settings.build();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeyRing keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    /**
     * Signs with the ring's active key. The ring also holds the next and the retired keys, which fit
     * any token just as well; Spring's encoder refuses to guess between them, so it is told which.
     */
    @Bean
    JwtEncoder jwtEncoder(SigningKeyRing keys) {
        var encoder = new NimbusJwtEncoder(keys);
        encoder.setJwkSelector(keys::active);
        return encoder;
    }

    /** The CSRF tokens of Cardea's forms: a signed double-submit cookie, so nothing is kept on the server. */
    @Bean
    CsrfTokenRepository csrfTokenRepository(ObjectProvider<CookieSecret> cookieSecret) {
        return new SignedCsrfCookie(cookieSecret);
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, BrowserSession sessions, ClientSecretHash secretHash,
            JwtDecoder jwtDecoder, KeySettings keySettings, MeterRegistry registry, CsrfTokenRepository csrfTokens,
            RegisteredClientRepository clients, ParsedClients parsedClients,
            AuthorizationServerSettings settings, JdbcClient jdbc, JsonMapper json, RefreshTokenGrant refreshTokenGrant,
            AccessTokenJwt accessTokenJwt) {
        var server = new OAuth2AuthorizationServerConfigurer();
        // With OIDC on, Spring records each authorization in an in-memory registry keyed by a new HTTP
        // session: state in one JVM that nothing else can see, and that is never cleaned up. Cardea's
        // session is the cookie and PostgreSQL, so that registration is switched off.
        server.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationEndpointFilter>() {
            @Override
            public <F extends OAuth2AuthorizationEndpointFilter> F postProcess(F filter) {
                filter.setSessionAuthenticationStrategy((authentication, request, response) -> {});
                return filter;
            }
        });
        var logout = new OidcLogoutAuthenticationSuccessHandler();
        logout.setLogoutHandler((request, response, authentication) ->
                response.addHeader(HttpHeaders.SET_COOKIE, sessions.signOut(request)));
        // Without a post_logout_redirect_uri Spring sends the browser to "/"; Cardea's signed-out page instead.
        AuthenticationSuccessHandler logoutResponse = (request, response, authentication) -> {
            if (authentication instanceof OidcLogoutAuthenticationToken token
                    && token.getPostLogoutRedirectUri() != null) {
                logout.onAuthenticationSuccess(request, response, authentication);
            } else {
                response.addHeader(HttpHeaders.SET_COOKIE, sessions.signOut(request));
                response.setStatus(HttpServletResponse.SC_FOUND);
                response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + "/signed-out");
            }
        };
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .clientAuthentication(c -> c.authenticationProviders(providers -> providers.forEach(p -> {
                            if (p instanceof ClientSecretAuthenticationProvider secrets) {
                                secrets.setPasswordEncoder(secretHash);
                            }
                        })))
                        .authorizationEndpoint(a -> a.consentPage(ConsentPage.PATH))
                        .tokenEndpoint(token -> token.accessTokenResponseHandler(new TokensIssued(registry))
                                .authenticationProviders(providers -> providers.replaceAll(p ->
                                        p instanceof OAuth2RefreshTokenAuthenticationProvider ? refreshTokenGrant : p)))
                        .oidc(oidc -> oidc.logoutEndpoint(l -> l.logoutResponseHandler(logoutResponse))))
                .addFilterAfter(new ConsentCsrf(csrfTokens), CsrfFilter.class)
                // First in the chain: what it answers needs none of the filters after it.
                .addFilterBefore(new TokenShortcut(clients, parsedClients, secretHash, new IssuedAccessTokens(jdbc),
                        accessTokenJwt, refreshTokenGrant, settings, json, registry),
                        DisableEncodeUrlFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .securityContext(context -> context.securityContextRepository(new SessionSecurityContext(sessions)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .headers(headers -> jwksCacheable(headers, keySettings.jwksCacheLifetime()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new SignInRedirect(),
                                PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize"))
                        .defaultAuthenticationEntryPointFor(new ClientAuthenticationRequired(), new OrRequestMatcher(
                                Stream.of("/oauth2/token", "/oauth2/introspect", "/oauth2/revoke")
                                        .map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults()
                                                .matcher(HttpMethod.POST, path))
                                        .toList())))
                // The userinfo endpoint takes the access token as a bearer token.
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.decoder(jwtDecoder)));
        return http.build();
    }

    /**
     * Relying parties may cache the JWKS, for less than a next key is published before it signs (see
     * {@link KeySettings#jwksCacheLifetime()}); every other answer of these endpoints stays uncacheable.
     */
    private static void jwksCacheable(HeadersConfigurer<HttpSecurity> headers, Duration lifetime) {
        RequestMatcher jwks = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, JWKS_PATH);
        headers.cacheControl(HeadersConfigurer.CacheControlConfig::disable)
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(jwks),
                        new CacheControlHeadersWriter()))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(jwks, new StaticHeadersWriter(
                        HttpHeaders.CACHE_CONTROL, "public, max-age=" + lifetime.toSeconds())));
    }

    /** Cardea's pages: forms with CSRF tokens, and a Content-Security-Policy that allows nothing from elsewhere. */
    @Bean
    @Order(2)
    SecurityFilterChain pages(HttpSecurity http, CsrfTokenRepository csrfTokens) {
        http.securityMatcher(SignInPage.PATH, ConsentPage.PATH, "/sign-up", "/logout", "/signed-out", "/recovery",
                "/recovery/**", "/verify-email", "/verify-email/**", "/account", "/account/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                // POST /logout is Cardea's (SignOutPage): Spring's own logout knows nothing of Cardea's session.
                .logout(logout -> logout.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp
                        .policyDirectives(Page.CONTENT_SECURITY_POLICY)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.requestCache(new NullRequestCache()));
        return http.build();
    }
}
