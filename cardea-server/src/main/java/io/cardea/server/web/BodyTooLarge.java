package io.cardea.server.web;

import java.io.IOException;

/** Raised while reading a request body that grows past the limit without declaring its length. */
final class BodyTooLarge extends IOException {

    BodyTooLarge(long limit) {
        super("request body larger than " + limit + " bytes", null);
    }
}
