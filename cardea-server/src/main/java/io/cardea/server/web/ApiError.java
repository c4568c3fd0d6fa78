package io.cardea.server.web;

/**
 * The body of every error answer: a stable code for programs, the field at fault when there is
 * one, and a sentence for people.
 */
public record ApiError(String error, String field, String message) {}
