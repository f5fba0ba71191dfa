package satchel.delivery;

/** A recipient or a message that cannot be taken; {@link #status} is the reply to give. */
public final class DeliveryException extends Exception {
    private final Status status;

    public DeliveryException(Status status) {
        super(status.text());
        this.status = status;
    }

    public DeliveryException(Status status, Throwable cause) {
        super(status.text(), cause);
        this.status = status;
    }

    public Status status() { return status; }
}
