package satchel.admin;

public final class Main {
    public static void main(String[] args) {
        System.out.println("satchel " + Runtime.version());
    }
}
