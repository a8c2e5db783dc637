package io.healthkey.backend.domain.notification;

/** Where one notification's delivery to one webhook endpoint stands. */
public enum DeliveryStatus {
    /** Not delivered yet: attempted again at its next attempt time. */
    PENDING,
    /** The endpoint answered 2xx. */
    DELIVERED,
    /** Every attempt failed: not attempted again. */
    FAILED
}
